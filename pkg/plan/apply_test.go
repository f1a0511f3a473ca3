package plan

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func TestApplyConvergesAndIsIdempotent(t *testing.T) {
	w := newWorld()
	rs := specGraph(w, "a.a", "b.b: a.a", "c.c")
	for _, r := range rs {
		r.(*fake).want = resources.Attrs{"k": resources.V("v")}
	}
	w.set(addr("c.c"), resources.Attrs{"k": resources.V("v")})
	g := mustGraph(t, rs...)
	opt := Options{Now: fixedClock()}
	r := mustApply(t, g, mustBuild(t, g, opt), opt)
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v", err)
	}
	if got := statuses(r); got != "a.a=applied b.b=applied c.c=unchanged" {
		t.Errorf("statuses %s", got)
	}
	if o := r.Outcome(addr("a.a")); o.Final.Attrs["k"].S != "v" || o.Duration <= 0 {
		t.Errorf("a.a outcome: final %v, duration %v", o.Final.Attrs, o.Duration)
	}
	if p := mustBuild(t, g, opt); p.HasChanges() {
		t.Errorf("second plan has changes: %v", joinAddrs(itemAddrs(p.Changes())))
	}
}

func TestApplyParallelism(t *testing.T) {
	tests := map[string]struct {
		n, parallelism, want int
	}{
		"independent resources overlap up to the bound": {n: 3, parallelism: 3, want: 3},
		"never above the bound":                         {n: 8, parallelism: 2, want: 2},
		"one at a time":                                 {n: 4, parallelism: 1, want: 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			var lines []string
			for i := range tt.n {
				lines = append(lines, "r.n"+string(rune('a'+i)))
			}
			rs := specGraph(w, lines...)
			for _, r := range rs {
				r.(*fake).want = resources.Attrs{"k": resources.V("v")}
			}
			g := mustGraph(t, rs...)
			opt := Options{Parallelism: tt.parallelism}
			p := mustBuild(t, g, opt)
			w.applies.useGate(tt.parallelism)
			r := mustApply(t, g, p, opt)
			if got := w.applies.maxSeen(); got != tt.want {
				t.Errorf("max concurrent applies %d, want %d", got, tt.want)
			}
			if n := r.Count(Applied); n != tt.n {
				t.Errorf("%d applied, want %d", n, tt.n)
			}
		})
	}
}

func TestApplyWaitsForDependencies(t *testing.T) {
	w := newWorld()
	rs := specGraph(w, "a.a", "b.b: a.a", "c.c: b.b", "d.d: a.a")
	for _, r := range rs {
		r.(*fake).want = resources.Attrs{"k": resources.V("v")}
	}
	g := mustGraph(t, rs...)
	mustApply(t, g, mustBuild(t, g, Options{}), Options{Parallelism: 4})
	pos := map[resources.Addr]int{}
	for i, a := range w.applied {
		pos[a] = i
	}
	for _, a := range g.Order() {
		for _, d := range g.Deps(a) {
			if pos[d] > pos[a] {
				t.Errorf("%s applied before its dependency %s", a, d)
			}
		}
	}
}

func TestApplyUpstreamFailed(t *testing.T) {
	tests := map[string]struct {
		mutate      func(w *world, f map[string]*fake)
		wantStatus  string
		wantErr     string
		wantApplied int
	}{
		"apply error": {
			mutate:     func(_ *world, f map[string]*fake) { f["a.root"].applyErr = errBoom },
			wantStatus: "a.root=failed b.mid=skipped c.leaf=skipped d.sibling=applied",
			wantErr:    "a.root: applying: boom",
		},
		"read error at plan time": {
			mutate:     func(_ *world, f map[string]*fake) { f["a.root"].readErr = errBoom },
			wantStatus: "a.root=failed b.mid=skipped c.leaf=skipped d.sibling=applied",
			wantErr:    "a.root: reading: boom",
		},
		"middle fails, root applied": {
			mutate:     func(_ *world, f map[string]*fake) { f["b.mid"].applyErr = errBoom },
			wantStatus: "a.root=applied b.mid=failed c.leaf=skipped d.sibling=applied",
			wantErr:    "b.mid: applying: boom",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			rs := specGraph(w, "a.root", "b.mid: a.root", "c.leaf: b.mid", "d.sibling")
			byName := map[string]*fake{}
			for _, r := range rs {
				f := r.(*fake)
				f.want = resources.Attrs{"k": resources.V("v")}
				byName[f.addr.String()] = f
			}
			tt.mutate(w, byName)
			h := &recordingHook{}
			g := mustGraph(t, rs...)
			r := mustApply(t, g, mustBuild(t, g, Options{}), Options{Hooks: h})
			if got := statuses(r); got != tt.wantStatus {
				t.Errorf("statuses %s\n    want %s", got, tt.wantStatus)
			}
			if err := r.Err(); err == nil || err.Error() != tt.wantErr {
				t.Errorf("Err() = %v, want exactly %q", err, tt.wantErr)
			}
			if n := len(r.Failed()); n != 1 {
				t.Errorf("%d failed outcomes, want 1", n)
			}
			for _, o := range r.Items {
				if o.Status == Skipped && (o.SkipReason != SkipUpstreamFailed || o.Err != nil) {
					t.Errorf("%s skipped with reason %q, err %v", o.Addr, o.SkipReason, o.Err)
				}
			}
			if _, ok := w.get(addr("c.leaf")); ok {
				t.Errorf("c.leaf was created though its upstream failed")
			}
			if got := strings.Join(h.sorted(), "\n"); !strings.Contains(got, "post-apply c.leaf skipped ok") {
				t.Errorf("no PostApply for the skipped leaf:\n%s", got)
			}
		})
	}
}

func TestApplyDidNotConverge(t *testing.T) {
	w := newWorld()
	f := &fake{w: w, addr: addr("file.f"), want: resources.Attrs{"k": resources.V("v")}, diverge: true}
	dep := &fake{w: w, addr: addr("file.dep"), deps: addrs("file.f"), want: resources.Attrs{"k": resources.V("v")}}
	g := mustGraph(t, f, dep)
	r := mustApply(t, g, mustBuild(t, g, Options{}), Options{})
	err := r.Err()
	if !errors.Is(err, ErrNotConverged) {
		t.Fatalf("Err() = %v, want ErrNotConverged", err)
	}
	if want := "file.f: did not converge: after apply the plan still wants update (extra is not wanted)"; err.Error() != want {
		t.Errorf("error\n got %q\nwant %q", err, want)
	}
	o := r.Outcome(f.addr)
	if o.Final.Attrs["extra"].S != "x" {
		t.Errorf("Final is not the state read after apply: %v", o.Final.Attrs)
	}
	if r.Outcome(dep.addr).Status != Skipped {
		t.Errorf("dependent of a non-converged resource is %s", r.Outcome(dep.addr).Status)
	}
}

func TestApplyResolvesUnknownFromUpstream(t *testing.T) {
	w := newWorld()
	cert := &fake{w: w, addr: addr("cert.web"), want: resources.Attrs{"thumb": resources.V("*")}}
	bind := &fake{w: w, addr: addr("bind.https"), deps: addrs("cert.web"), want: resources.Attrs{"thumb": resources.V("@cert.web|thumb")}}
	w.set(bind.addr, resources.Attrs{"thumb": resources.V("OLD")})
	g := mustGraph(t, cert, bind)
	p := mustBuild(t, g, Options{})
	if it := p.Item(bind.addr); it.Change.Action != resources.Update || !it.Change.After["thumb"].Unknown {
		t.Fatalf("planned %s with thumb %+v, want update with unknown thumb", it.Change.Action.Word(), it.Change.After["thumb"])
	}
	r := mustApply(t, g, p, Options{})
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v", err)
	}
	got, _ := w.get(bind.addr)
	if got["thumb"].S != "gen-web-thumb" {
		t.Errorf("binding thumb %q, want the certificate's generated thumb", got["thumb"].S)
	}
	if ch := r.Outcome(bind.addr).Change; ch.After["thumb"].S != "gen-web-thumb" {
		t.Errorf("applied change has thumb %+v", ch.After["thumb"])
	}
	up := bind.inputs[1].Upstream[cert.addr]
	if up.Action != resources.NoOp || up.After["thumb"].S != "gen-web-thumb" || up.Before["thumb"].S != "gen-web-thumb" {
		t.Errorf("apply-time upstream %+v, want a NoOp with the final attrs", up)
	}
}

func TestApplySubscriber(t *testing.T) {
	tests := map[string]struct {
		storeInSync  bool
		wantRestarts int
		wantStatus   string
	}{
		"restarted when the subscribed resource changes": {
			wantRestarts: 1,
			wantStatus:   "ks.store=applied svc.s=applied",
		},
		"left alone when it does not": {
			storeInSync:  true,
			wantRestarts: 0,
			wantStatus:   "ks.store=unchanged svc.s=unchanged",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			store := &fake{w: w, addr: addr("ks.store"), want: resources.Attrs{"e": resources.V("1")}}
			if tt.storeInSync {
				w.set(store.addr, resources.Attrs{"e": resources.V("1")})
			}
			svc := fakeSub{fake: &fake{w: w, addr: addr("svc.s"), service: true}, subs: addrs("ks.store")}
			g := mustGraph(t, store, svc)
			j := NewMemJournal()
			r := mustApply(t, g, mustBuild(t, g, Options{Journal: j}), Options{Journal: j})
			if got := statuses(r); got != tt.wantStatus {
				t.Errorf("statuses %s, want %s", got, tt.wantStatus)
			}
			if n := w.restartCount(svc.addr); n != tt.wantRestarts {
				t.Errorf("%d restarts, want %d", n, tt.wantRestarts)
			}
			if pend, _ := j.Pending(); len(pend) != 0 {
				t.Errorf("journal not empty after a successful run: %v", pend)
			}
		})
	}
}

// A subscribed resource that did not change at plan time but changed at
// apply time (it was planned NoOp, then a dependency moved it) still
// triggers: here the keystore's content comes from a certificate created in
// the same run.
func TestApplySubscriberTriggeredByApplyTimeChange(t *testing.T) {
	w := newWorld()
	cert := &fake{w: w, addr: addr("cert.web"), want: resources.Attrs{"thumb": resources.V("*")}}
	store := &fake{w: w, addr: addr("ks.store"), deps: addrs("cert.web"), want: resources.Attrs{"e": resources.V("@cert.web|thumb")}}
	svc := fakeSub{fake: &fake{w: w, addr: addr("svc.s"), service: true}, subs: addrs("ks.store")}
	g := mustGraph(t, cert, store, svc)
	p := mustBuild(t, g, Options{})
	// Pretend the planner did not foresee the change of the store.
	p.Item(svc.addr).Triggers = nil
	p.Item(svc.addr).Change = resources.NoChange(svc.addr, p.Item(svc.addr).Current)
	r := mustApply(t, g, p, Options{})
	if n := w.restartCount(svc.addr); n != 1 {
		t.Errorf("%d restarts, want 1 (%s)", n, statuses(r))
	}
	if got := triggerString(r.Outcome(svc.addr).Triggers); got != "[ks.store]" {
		t.Errorf("apply-time triggers %s", got)
	}
}

func TestPendingNotificationSurvivesFailure(t *testing.T) {
	dir := t.TempDir()
	w := newWorld()
	store := &fake{w: w, addr: addr("ks.cacerts[ads-a]"), want: resources.Attrs{"e": resources.V("1")}}
	conf := &fake{w: w, addr: addr("conf.tomcat[ads-a]"), want: resources.Attrs{"c": resources.V("1")}, applyErr: errBoom}
	svc := fakeSub{fake: &fake{w: w, addr: addr("svc.tomcat[ads-a]"), deps: addrs("conf.tomcat[ads-a]"), service: true}, subs: addrs("ks.cacerts[ads-a]")}
	g := mustGraph(t, store, conf, svc)
	clock := fixedClock()

	// Run 1: the keystore changes, the sibling dependency of the service
	// fails, the service is skipped.
	j1, err := OpenFileJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Journal: j1, Now: clock}
	r := mustApply(t, g, mustBuild(t, g, opt), opt)
	if got := statuses(r); got != "conf.tomcat[ads-a]=failed ks.cacerts[ads-a]=applied svc.tomcat[ads-a]=skipped" {
		t.Fatalf("run 1 statuses %s", got)
	}
	pend, err := j1.Pending()
	if err != nil {
		t.Fatal(err)
	}
	recorded := pend[svc.addr]
	if len(recorded) != 1 || recorded[0].From != store.addr || recorded[0].Since.IsZero() {
		t.Fatalf("journal after run 1: %v", pend)
	}

	// Run 2, a new process: the keystore is in sync now, but the restart
	// is still owed.
	conf.applyErr = nil
	j2, err := OpenFileJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	opt = Options{Journal: j2, Now: clock}
	p := mustBuild(t, g, opt)
	if p.Item(store.addr).Change.Action != resources.NoOp {
		t.Errorf("keystore not in sync in run 2")
	}
	trig := p.Item(svc.addr).Triggers
	if len(trig) != 1 || trig[0].From != store.addr || !trig[0].Since.Equal(recorded[0].Since) {
		t.Fatalf("run 2 service triggers %s, want the pending one with Since %s", triggerString(trig), recorded[0].Since)
	}
	if p.Item(svc.addr).Change.Action != resources.Update {
		t.Errorf("run 2 does not plan the restart")
	}
	r = mustApply(t, g, p, opt)
	if err := r.Err(); err != nil {
		t.Fatalf("run 2: %v", err)
	}
	if n := w.restartCount(svc.addr); n != 1 {
		t.Errorf("%d restarts, want 1", n)
	}
	if pend, _ := j2.Pending(); len(pend) != 0 {
		t.Errorf("journal not cleared after the restart: %v", pend)
	}
	if p := mustBuild(t, g, opt); p.HasChanges() {
		t.Errorf("run 3 still has changes: %s", joinAddrs(itemAddrs(p.Changes())))
	}
}

func TestApplyIrreversible(t *testing.T) {
	tests := map[string]struct {
		allow      bool
		wantStatus Status
	}{
		"refused without consent": {allow: false, wantStatus: Failed},
		"applied with consent":    {allow: true, wantStatus: Applied},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			f := &fake{w: w, addr: addr("ece.ucce_integration"), want: resources.Attrs{"aw": resources.V("awdb")}, irreversible: true}
			g := mustGraph(t, f)
			opt := Options{AllowIrreversible: tt.allow}
			r := mustApply(t, g, mustBuild(t, g, opt), opt)
			o := r.Outcome(f.addr)
			if o.Status != tt.wantStatus {
				t.Fatalf("status %s, want %s (%v)", o.Status, tt.wantStatus, o.Err)
			}
			_, written := w.get(f.addr)
			if tt.allow != written {
				t.Errorf("written = %v", written)
			}
			if !tt.allow && !errors.Is(r.Err(), ErrIrreversible) {
				t.Errorf("Err() = %v, want ErrIrreversible", r.Err())
			}
		})
	}
}

func TestApplyRecordsBeforeApplying(t *testing.T) {
	w := newWorld()
	// The apply writes, then fails: the notification must stay. (A failure
	// that wrote nothing withdraws it: see withdraw_test.go.)
	store := &fake{w: w, addr: addr("ks.store"), want: resources.Attrs{"e": resources.V("1")}, failAfterWrite: errBoom}
	svc := fakeSub{fake: &fake{w: w, addr: addr("svc.s"), service: true}, subs: addrs("ks.store")}
	g := mustGraph(t, store, svc)
	j := NewMemJournal()
	mustApply(t, g, mustBuild(t, g, Options{Journal: j}), Options{Journal: j})
	pend, _ := j.Pending()
	if len(pend[svc.addr]) != 1 {
		t.Errorf("a half-done apply of the subscribed resource must leave the notification: %v", pend)
	}
}

func TestApplyCanceled(t *testing.T) {
	g := mustGraph(t, specGraph(newWorld(), "a.a", "b.b: a.a")...)
	p := mustBuild(t, g, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := Apply(ctx, g, p, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply on a cancelled context: %v", err)
	}
	if o := r.Outcome(addr("a.a")); o.Status != Skipped || o.SkipReason != SkipCanceled {
		t.Errorf("a.a: %s %q", o.Status, o.SkipReason)
	}
	if r.Err() != nil {
		t.Errorf("cancellation reported as resource failures: %v", r.Err())
	}
}

func TestApplyPlanMismatch(t *testing.T) {
	g1 := mustGraph(t, specGraph(newWorld(), "a.a")...)
	g2 := mustGraph(t, specGraph(newWorld(), "a.a", "b.b")...)
	p := mustBuild(t, g1, Options{})
	if _, err := Apply(context.Background(), g2, p, Options{}); err == nil || !strings.Contains(err.Error(), "b.b has no plan item") {
		t.Errorf("Apply with a plan of another graph: %v", err)
	}
}

func TestResultErrSeveral(t *testing.T) {
	w := newWorld()
	rs := specGraph(w, "a.a", "b.b")
	for _, r := range rs {
		r.(*fake).want = resources.Attrs{"k": resources.V("v")}
		r.(*fake).applyErr = errBoom
	}
	g := mustGraph(t, rs...)
	r := mustApply(t, g, mustBuild(t, g, Options{}), Options{})
	want := "2 errors:\n  a.a: applying: boom\n  b.b: applying: boom"
	if err := r.Err(); err == nil || err.Error() != want || !errors.Is(err, errBoom) {
		t.Errorf("Err() = %q, want %q wrapping errBoom", err, want)
	}
}

func TestStatusString(t *testing.T) {
	tests := map[Status]string{Unchanged: "unchanged", Applied: "applied", Failed: "failed", Skipped: "skipped", Status(9): "status(9)"}
	for s, want := range tests {
		if s.String() != want {
			t.Errorf("Status(%d).String() = %q, want %q", int(s), s, want)
		}
	}
}

func statuses(r *Result) string {
	var s []string
	for _, o := range r.Items {
		s = append(s, o.Addr.String()+"="+o.Status.String())
	}
	return strings.Join(s, " ")
}
