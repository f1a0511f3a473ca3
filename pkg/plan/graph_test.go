package plan

import (
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/goldenfile"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// spec is a compact graph description for tests: "a.x" or "a.x: b.y c.z"
// (depends on) or "a.x ~ b.y" (subscribes to b.y).
func specGraph(w *world, lines ...string) []resources.Resource {
	var rs []resources.Resource
	for _, l := range lines {
		if name, subs, ok := strings.Cut(l, "~"); ok {
			f := &fake{w: w, addr: addr(strings.TrimSpace(name)), service: true}
			rs = append(rs, fakeSub{fake: f, subs: addrs(strings.Fields(subs)...)})
			continue
		}
		name, deps, _ := strings.Cut(l, ":")
		rs = append(rs, &fake{w: w, addr: addr(strings.TrimSpace(name)), deps: addrs(strings.Fields(deps)...)})
	}
	return rs
}

func joinAddrs(as []resources.Addr) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, " ")
}

func TestOrder(t *testing.T) {
	tests := map[string]struct {
		lines []string
		want  string
	}{
		"independent resources sort by address": {
			lines: []string{"b.x", "a.z", "a.y[h2]", "a.y[h1]"},
			want:  "a.y[h1] a.y[h2] a.z b.x",
		},
		"a chain runs dependency first": {
			lines: []string{"a.first: b.second", "b.second: c.third", "c.third"},
			want:  "c.third b.second a.first",
		},
		"ready ties are broken by address": {
			lines: []string{"z.root", "b.leaf: z.root", "a.leaf: z.root", "c.other"},
			want:  "c.other z.root a.leaf b.leaf",
		},
		"subscriptions are dependencies": {
			lines: []string{"a.svc ~ k.store", "k.store"},
			want:  "k.store a.svc",
		},
		"diamond": {
			lines: []string{"d.top: b.left c.right", "b.left: a.base", "c.right: a.base", "a.base"},
			want:  "a.base b.left c.right d.top",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			g := mustGraph(t, specGraph(newWorld(), tt.lines...)...)
			if got := joinAddrs(g.Order()); got != tt.want {
				t.Errorf("Order() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGraphNeighbours(t *testing.T) {
	g := mustGraph(t, specGraph(newWorld(), "svc.tomcat ~ ks.cacerts", "svc.tomcat2: ks.cacerts", "ks.cacerts: cert.web", "cert.web")...)
	tests := map[string]struct {
		got, want string
	}{
		"deps":        {joinAddrs(g.Deps(addr("ks.cacerts"))), "cert.web"},
		"dependents":  {joinAddrs(g.Dependents(addr("ks.cacerts"))), "svc.tomcat svc.tomcat2"},
		"subscribers": {joinAddrs(g.Subscribers(addr("ks.cacerts"))), "svc.tomcat"},
		"subscribes":  {joinAddrs(g.Subscribes(addr("svc.tomcat"))), "ks.cacerts"},
		"resource":    {g.Resource(addr("cert.web")).Addr().String(), "cert.web"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if g.Resource(addr("no.such")) != nil {
		t.Errorf("Resource(no.such) is not nil")
	}
}

func TestNewGraphErrors(t *testing.T) {
	tests := map[string]struct {
		lines   []string
		want    string
		wantErr error
	}{
		"duplicate address": {
			lines:   []string{"a.x[h]", "a.x[h]"},
			want:    "a.x[h]: duplicate resource address",
			wantErr: ErrDuplicate,
		},
		"unknown dependency names both": {
			lines:   []string{"ks.cacerts[ads-a]: cert.web[ece-web-a]"},
			want:    "ks.cacerts[ads-a] depends on cert.web[ece-web-a], which no resource has: unknown dependency",
			wantErr: ErrUnknownDependency,
		},
		"unknown subscription": {
			lines:   []string{"svc.tomcat ~ ks.gone"},
			want:    "svc.tomcat subscribes to ks.gone, which no resource has: unknown dependency",
			wantErr: ErrUnknownDependency,
		},
		"several problems are all named": {
			lines:   []string{"a.x: q.q", "a.x", "b.y: r.r"},
			want:    "3 errors:\n  a.x depends on q.q, which no resource has: unknown dependency\n  a.x: duplicate resource address\n  b.y depends on r.r, which no resource has: unknown dependency",
			wantErr: ErrUnknownDependency,
		},
		"three-cycle in dependency order": {
			lines:   []string{"a.a: b.b", "b.b: c.c", "c.c: a.a", "d.d: a.a"},
			want:    "dependency cycle: a.a -> b.b -> c.c -> a.a",
			wantErr: ErrCycle,
		},
		"self dependency": {
			lines:   []string{"a.a: a.a"},
			want:    "dependency cycle: a.a -> a.a",
			wantErr: ErrCycle,
		},
		"two cycles": {
			lines:   []string{"x.x: y.y", "y.y: x.x", "a.a: b.b", "b.b: a.a"},
			want:    "2 dependency cycles: a.a -> b.b -> a.a; x.x -> y.y -> x.x",
			wantErr: ErrCycle,
		},
		"cycle through a subscription": {
			lines:   []string{"svc.s ~ ks.k", "ks.k: svc.s"},
			want:    "dependency cycle: ks.k -> svc.s -> ks.k",
			wantErr: ErrCycle,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := NewGraph(specGraph(newWorld(), tt.lines...))
			if err == nil {
				t.Fatalf("NewGraph succeeded, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %q\nwant %q", err, tt.want)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("errors.Is(%v) is false", tt.wantErr)
			}
		})
	}
}

func TestCycleErrorCycles(t *testing.T) {
	_, err := NewGraph(specGraph(newWorld(), "a.a: b.b", "b.b: a.a"))
	var ce *CycleError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *CycleError", err)
	}
	if got := joinAddrs(ce.Cycles[0]); got != "a.a b.b a.a" {
		t.Errorf("Cycles[0] = %q", got)
	}
}

func TestDOT(t *testing.T) {
	g := mustGraph(t, specGraph(newWorld(),
		"certificate.ece_web[ece-web-a]",
		"iis_binding.https[ece-web-a]: certificate.ece_web[ece-web-a]",
		"keystore.ads_cacerts[ads-a]: certificate.ece_web[ece-web-a]",
		"service.tomcat[ads-a] ~ keystore.ads_cacerts[ads-a]",
		"spog_config.spog[ece-web-a]",
		"inventory_machine.ece_web: service.tomcat[ads-a] spog_config.spog[ece-web-a]",
	)...)
	golden(t, "graph.dot", []byte(g.DOT()))
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got, *update)
}
