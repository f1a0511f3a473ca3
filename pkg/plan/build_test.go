package plan

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func TestValidateParallelism(t *testing.T) {
	tests := map[string]struct {
		n    int
		want string
	}{
		"one":      {1, ""},
		"default":  {DefaultParallelism, ""},
		"zero":     {0, "parallelism must be at least 1, got 0"},
		"negative": {-3, "parallelism must be at least 1, got -3"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := ValidateParallelism(tt.n)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("ValidateParallelism(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestBuildAndApplyRefuseNegativeParallelism(t *testing.T) {
	g := mustGraph(t, specGraph(newWorld(), "a.a")...)
	if _, err := Build(context.Background(), g, Options{Parallelism: -1}); err == nil {
		t.Errorf("Build with parallelism -1 succeeded")
	}
	p := mustBuild(t, g, Options{})
	if _, err := Apply(context.Background(), g, p, Options{Parallelism: -1}); err == nil {
		t.Errorf("Apply with parallelism -1 succeeded")
	}
}

func TestBuildPlansInOrderWithUpstream(t *testing.T) {
	w := newWorld()
	cert := &fake{w: w, addr: addr("cert.web"), want: resources.Attrs{"thumb": resources.V("*")}}
	bind := &fake{w: w, addr: addr("bind.https"), deps: addrs("cert.web"), want: resources.Attrs{"thumb": resources.V("@cert.web|thumb")}}
	same := &fake{w: w, addr: addr("file.same"), want: resources.Attrs{"k": resources.V("v")}}
	w.set(same.addr, resources.Attrs{"k": resources.V("v")})
	g := mustGraph(t, cert, bind, same)
	p := mustBuild(t, g, Options{Now: fixedClock()})

	if got := joinAddrs(itemAddrs(p.Items)); got != "cert.web bind.https file.same" {
		t.Errorf("items in order %q", got)
	}
	if got := joinAddrs(itemAddrs(p.Changes())); got != "cert.web bind.https" {
		t.Errorf("Changes() = %q", got)
	}
	if add, change, destroy := p.Counts(); add != 2 || change != 0 || destroy != 0 {
		t.Errorf("Counts() = %d, %d, %d; want 2, 0, 0", add, change, destroy)
	}
	if !p.HasChanges() {
		t.Errorf("HasChanges() is false")
	}
	up := bind.lastInput().Upstream[cert.addr]
	if up.Action != resources.Create || !up.After["thumb"].Unknown {
		t.Errorf("bind got upstream %+v, want the planned create with an unknown thumb", up)
	}
	if !p.Item(bind.addr).Change.After["thumb"].Unknown {
		t.Errorf("bind's planned thumb is known at plan time: %+v", p.Item(bind.addr).Change.After)
	}
	if p.Item(same.addr).Fingerprint != resources.FingerprintOf(resources.State{Exists: true, Attrs: resources.Attrs{"k": resources.V("v")}}) {
		t.Errorf("fingerprint not derived from the state read")
	}
	if p.Item(bind.addr).Change.Addr != bind.addr {
		t.Errorf("Change.Addr not filled in")
	}
}

func TestBuildUpstreamFailed(t *testing.T) {
	tests := map[string]struct {
		mutate      func(f map[string]*fake)
		wantErr     string // the only error in the plan
		wantSkipped string
	}{
		"read error skips dependents transitively": {
			mutate:      func(f map[string]*fake) { f["a.root"].readErr = errBoom },
			wantErr:     "a.root: reading: boom",
			wantSkipped: "b.mid c.leaf",
		},
		"plan error skips dependents": {
			mutate:      func(f map[string]*fake) { f["b.mid"].planErr = errBoom },
			wantErr:     "b.mid: planning: boom",
			wantSkipped: "c.leaf",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			rs := specGraph(w, "a.root", "b.mid: a.root", "c.leaf: b.mid", "d.sibling")
			byName := map[string]*fake{}
			for _, r := range rs {
				byName[r.Addr().String()] = r.(*fake)
			}
			tt.mutate(byName)
			p := mustBuild(t, mustGraph(t, rs...), Options{})
			if err := p.Err(); err == nil || err.Error() != tt.wantErr {
				t.Errorf("Err() = %v, want %q", err, tt.wantErr)
			}
			if got := joinAddrs(itemAddrs(p.Skipped())); got != tt.wantSkipped {
				t.Errorf("skipped %q, want %q", got, tt.wantSkipped)
			}
			for _, it := range p.Skipped() {
				if it.SkipReason != SkipUpstreamFailed || it.Err != nil {
					t.Errorf("%s: skip reason %q, err %v", it.Addr, it.SkipReason, it.Err)
				}
				if n := len(byName[it.Addr.String()].inputs); n != 0 {
					t.Errorf("%s was planned %d times though skipped", it.Addr, n)
				}
			}
			if it := p.Item(addr("d.sibling")); !it.ok() || it.Change.Action != resources.Create {
				t.Errorf("sibling not planned: %+v", it)
			}
		})
	}
}

func TestBuildReadsInParallel(t *testing.T) {
	tests := map[string]struct {
		n, parallelism, want int
	}{
		"overlap up to the bound": {n: 3, parallelism: 3, want: 3},
		"never above the bound":   {n: 8, parallelism: 2, want: 2},
		"one at a time":           {n: 3, parallelism: 1, want: 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			w.reads.useGate(tt.parallelism)
			var lines []string
			for i := range tt.n {
				lines = append(lines, "r.n"+string(rune('a'+i)))
			}
			mustBuild(t, mustGraph(t, specGraph(w, lines...)...), Options{Parallelism: tt.parallelism})
			if got := w.reads.maxSeen(); got != tt.want {
				t.Errorf("max concurrent reads %d, want %d", got, tt.want)
			}
		})
	}
}

func TestBuildTriggers(t *testing.T) {
	since := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := map[string]struct {
		storeInSync bool
		pending     []resources.Trigger
		want        []resources.Trigger
	}{
		"subscribed resource changes": {
			want: []resources.Trigger{{From: addr("ks.store")}},
		},
		"subscribed resource in sync": {
			storeInSync: true,
		},
		"pending notification only": {
			storeInSync: true,
			pending:     []resources.Trigger{{From: addr("ks.old"), Since: since}},
			want:        []resources.Trigger{{From: addr("ks.old"), Since: since}},
		},
		"pending wins over fresh from the same resource": {
			pending: []resources.Trigger{{From: addr("ks.store"), Since: since}},
			want:    []resources.Trigger{{From: addr("ks.store"), Since: since}},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			store := &fake{w: w, addr: addr("ks.store"), want: resources.Attrs{"e": resources.V("1")}}
			if tt.storeInSync {
				w.set(store.addr, resources.Attrs{"e": resources.V("1")})
			}
			other := &fake{w: w, addr: addr("ks.other"), want: resources.Attrs{"e": resources.V("1")}}
			svc := fakeSub{fake: &fake{w: w, addr: addr("svc.s"), service: true}, subs: addrs("ks.store")}
			j := NewMemJournal()
			for _, p := range tt.pending {
				if err := j.Record(svc.addr, p); err != nil {
					t.Fatal(err)
				}
				// a non-subscriber never gets triggers, even pending ones
				if err := j.Record(other.addr, p); err != nil {
					t.Fatal(err)
				}
			}
			p := mustBuild(t, mustGraph(t, store, other, svc), Options{Journal: j})
			if got, want := triggerString(p.Item(svc.addr).Triggers), triggerString(tt.want); got != want {
				t.Errorf("triggers %s, want %s", got, want)
			}
			if got, want := triggerString(svc.lastInput().Triggers), triggerString(tt.want); got != want {
				t.Errorf("PlanInput.Triggers %s, want %s", got, want)
			}
			if len(p.Item(other.addr).Triggers) != 0 {
				t.Errorf("non-subscriber got triggers %v", p.Item(other.addr).Triggers)
			}
			wantAction := resources.NoOp
			if len(tt.want) > 0 {
				wantAction = resources.Update
			}
			if a := p.Item(svc.addr).Change.Action; a != wantAction {
				t.Errorf("service action %s, want %s", a.Word(), wantAction.Word())
			}
		})
	}
}

func TestBuildCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Build(ctx, mustGraph(t, specGraph(newWorld(), "a.a")...), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Build on a cancelled context: %v", err)
	}
}

func TestBuildHooks(t *testing.T) {
	h := &recordingHook{}
	rs := specGraph(newWorld(), "a.a", "b.b: a.a")
	rs[0].(*fake).readErr = errBoom
	mustBuild(t, mustGraph(t, rs...), Options{Hooks: h})
	if got := strings.Join(h.sorted(), "\n"); got != "post-read a.a boom\npost-read b.b ok\npre-read a.a\npre-read b.b" {
		t.Errorf("hook calls:\n%s", got)
	}
}

func itemAddrs(its []*Item) []resources.Addr {
	var out []resources.Addr
	for _, it := range its {
		out = append(out, it.Addr)
	}
	return out
}

func triggerString(ts []resources.Trigger) string {
	var s []string
	for _, t := range ts {
		x := t.From.String()
		if !t.Since.IsZero() {
			x += "@" + t.Since.UTC().Format(time.RFC3339)
		}
		s = append(s, x)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// recordingHook records every call as a line; safe for concurrent use.
type recordingHook struct {
	mu    sync.Mutex
	calls []string
}

func (h *recordingHook) add(s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, s)
}

func (h *recordingHook) sorted() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := append([]string(nil), h.calls...)
	slices.Sort(out)
	return out
}

func errWord(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

func (h *recordingHook) PreRead(a resources.Addr) { h.add("pre-read " + a.String()) }
func (h *recordingHook) PostRead(a resources.Addr, _ resources.State, err error) {
	h.add("post-read " + a.String() + " " + errWord(err))
}
func (h *recordingHook) PreApply(a resources.Addr, ch resources.Change) {
	h.add("pre-apply " + a.String() + " " + ch.Action.Word())
}
func (h *recordingHook) PostApply(a resources.Addr, s Status, err error, _ time.Duration) {
	h.add("post-apply " + a.String() + " " + s.String() + " " + errWord(err))
}
