package plan

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// planFixture builds a plan with a create (with an unknown value and a
// sensitive one), an update, a no-op, a triggered service, a failure and a
// skip.
func planFixture(t *testing.T, w *world) (*Graph, *Plan) {
	t.Helper()
	cert := &fake{w: w, addr: addr("certificate.ece_web[ece-web-a]"), want: resources.Attrs{"thumb": resources.V("*"), "password": {S: "env:ECE_PFX_PASSWORD", Sensitive: true}}}
	ks := &fake{w: w, addr: addr("keystore.ads_cacerts[ads-a]"), deps: addrs("certificate.ece_web[ece-web-a]"), want: resources.Attrs{"entry": resources.V("@certificate.ece_web[ece-web-a]|thumb")}}
	w.set(ks.addr, resources.Attrs{"entry": resources.V("OLD")})
	svc := fakeSub{fake: &fake{w: w, addr: addr("service.tomcat[ads-a]"), service: true}, subs: addrs("keystore.ads_cacerts[ads-a]")}
	spog := &fake{w: w, addr: addr("spog_config.spog[ece-web-a]"), want: resources.Attrs{"web_server_name": resources.V("ece.example.com")}}
	w.set(spog.addr, resources.Attrs{"web_server_name": resources.V("ece.example.com")})
	broken := &fake{w: w, addr: addr("check.mrd"), readErr: errors.New("pcce unreachable")}
	after := &fake{w: w, addr: addr("inventory_machine.ece_web"), deps: addrs("check.mrd")}
	g := mustGraph(t, cert, ks, svc, spog, broken, after)
	return g, mustBuild(t, g, Options{Now: fixedClock()})
}

var fixtureMeta = FileMeta{
	ToolVersion: "1.2.3",
	Environment: "lab",
	SpecFile:    "examples/lab.yaml",
	SpecHash:    "sha256:5f2b0c4e9a1d7e3f0b6c8d2a4e6f8a0b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f",
}

func TestPlanFileGoldenAndRoundTrip(t *testing.T) {
	_, p := planFixture(t, newWorld())
	f := NewFile(p, fixtureMeta)
	path := filepath.Join(t.TempDir(), "change-1234.plan")
	if err := WriteFile(path, f); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "plan.json", raw)
	if strings.Contains(string(raw), "env:ECE_PFX_PASSWORD") {
		t.Errorf("a sensitive value was written unmasked")
	}
	if runtime.GOOS != "windows" {
		if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", st.Mode().Perm())
		}
	}
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, f) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", back, f)
	}
	if err := back.CheckTool("1.2.3"); err != nil {
		t.Errorf("CheckTool(same) = %v", err)
	}
	if err := back.CheckSpec(fixtureMeta.SpecHash); err != nil {
		t.Errorf("CheckSpec(same) = %v", err)
	}
}

func TestReadFileRefuses(t *testing.T) {
	tests := map[string]struct {
		content string
		want    string
	}{
		"another format version": {
			content: `{"format": "ecereconcile-plan", "format_version": 2, "resources": []}`,
			want:    "format version 2 is not supported; this tool reads version 1",
		},
		"not a plan": {
			content: `{"format_version": 4, "terraform_version": "1.9.0"}`,
			want:    `not an ecereconcile plan (format "", want "ecereconcile-plan")`,
		},
		"corrupt JSON": {
			content: "{\n  \"format\": \"ecereconcile-plan\",\n  \"format_version\": 1,\n  \"resources\": [\n",
			want:    "not valid JSON (corrupt or truncated?): line 5: unexpected end of JSON input",
		},
		"wrong field type": {
			content: `{"format": "ecereconcile-plan", "format_version": 1, "resources": [{"action": "explode"}]}`,
			want:    `unknown action "explode"`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.plan")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := ReadFile(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "plan file "+path+": ") {
				t.Errorf("ReadFile error %q, want it to name the file and contain %q", err, tt.want)
			}
			if !errors.Is(err, ErrFormat) {
				t.Errorf("error does not wrap ErrFormat")
			}
		})
	}
}

func TestFileChecks(t *testing.T) {
	f := &File{ToolVersion: "1.2.3", SpecFile: "prod.yaml", SpecHash: "sha256:aaaaaaaaaaaaaaaaaaaa"}
	tests := map[string]struct {
		err      error
		want     string
		sentinel error
	}{
		"tool version": {
			err:      f.CheckTool("1.3.0"),
			want:     "plan was written by ecereconcile 1.2.3; this is 1.3.0",
			sentinel: ErrToolVersion,
		},
		"spec hash": {
			err:      f.CheckSpec("sha256:bbbbbbbbbbbbbbbbbbbb"),
			want:     "plan was made from another version of prod.yaml (hash sha256:aaaaaaaaaaaa); it now hashes to sha256:bbbbbbbbbbbb",
			sentinel: ErrSpecChanged,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if tt.err == nil || tt.err.Error() != tt.want {
				t.Errorf("error %q, want %q", tt.err, tt.want)
			}
			if !errors.Is(tt.err, tt.sentinel) {
				t.Errorf("error does not wrap %v", tt.sentinel)
			}
		})
	}
}

func TestStale(t *testing.T) {
	tests := map[string]struct {
		mutate func(w *world, g *Graph) *Graph
		want   []string
	}{
		"nothing moved": {
			mutate: func(_ *world, g *Graph) *Graph { return g },
		},
		"fingerprint moved under a no-op": {
			mutate: func(w *world, g *Graph) *Graph {
				w.set(addr("spog_config.spog[ece-web-a]"), resources.Attrs{"web_server_name": resources.V("ece.example.com"), "comment": resources.V("hand edit")})
				return g
			},
			want: []string{"spog_config.spog[ece-web-a]: changed since the plan was made (fingerprint sha256:",
				"the plan now wants update, the saved plan no-op"},
		},
		"action differs": {
			mutate: func(w *world, g *Graph) *Graph {
				w.set(addr("certificate.ece_web[ece-web-a]"), resources.Attrs{"thumb": resources.V("T"), "password": {S: "env:ECE_PFX_PASSWORD", Sensitive: true}})
				return g
			},
			want: []string{"certificate.ece_web[ece-web-a]: changed since the plan was made", "the plan now wants no-op, the saved plan create"},
		},
		"same action, other values": {
			mutate: func(_ *world, g *Graph) *Graph {
				// as a clock-dependent kind would: same reality, another decision
				g.Resource(addr("spog_config.spog[ece-web-a]")).(*fake).want = resources.Attrs{"web_server_name": resources.V("ece2.example.com")}
				return g
			},
			want: []string{"spog_config.spog[ece-web-a]: the plan now wants update, the saved plan no-op"},
		},
		"same update, other values": {
			mutate: func(_ *world, g *Graph) *Graph {
				g.Resource(addr("keystore.ads_cacerts[ads-a]")).(*fake).want = resources.Attrs{"entry": resources.V("ANOTHER")}
				return g
			},
			want: []string{"keystore.ads_cacerts[ads-a]: the values to write differ from the saved plan's"},
		},
		"fails now": {
			mutate: func(_ *world, g *Graph) *Graph {
				g.Resource(addr("keystore.ads_cacerts[ads-a]")).(*fake).readErr = errors.New("access denied")
				return g
			},
			want: []string{"keystore.ads_cacerts[ads-a]: fails now: reading: access denied",
				"service.tomcat[ads-a]: skipped now: upstream failed"},
		},
		"appeared and disappeared": {
			mutate: func(w *world, g *Graph) *Graph {
				var rs []resources.Resource
				for _, a := range g.Order() {
					if a != addr("spog_config.spog[ece-web-a]") {
						rs = append(rs, g.Resource(a))
					}
				}
				rs = append(rs, &fake{w: w, addr: addr("spog_config.spog[ece-web-b]")})
				return mustGraph(t, rs...)
			},
			want: []string{"spog_config.spog[ece-web-a]: no longer in the spec",
				"spog_config.spog[ece-web-b]: new in the spec since the plan was made"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			g, p := planFixture(t, w)
			f := NewFile(p, fixtureMeta)
			g = tt.mutate(w, g)
			fresh := mustBuild(t, g, Options{Now: fixedClock()})
			var got []string
			for _, s := range f.Stale(fresh) {
				got = append(got, s.String())
			}
			all := strings.Join(got, "\n")
			if len(tt.want) == 0 && len(got) != 0 {
				t.Errorf("stale:\n%s", all)
			}
			for _, want := range tt.want {
				if !strings.Contains(all, want) {
					t.Errorf("stale list does not contain %q:\n%s", want, all)
				}
			}
		})
	}
}
