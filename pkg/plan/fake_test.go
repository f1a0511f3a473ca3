package plan

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// world is the fake reality the fake resources read and write.
type world struct {
	mu       sync.Mutex
	state    map[resources.Addr]resources.Attrs // absent when missing
	restarts map[resources.Addr]int
	applied  []resources.Addr

	reads, applies counter
}

// counter counts calls in flight. With a gate, calls wait until gateN of
// them are in flight together; then every call proceeds. The wait is bounded
// by gateGuard, a deadlock guard, not a timing assertion.
type counter struct {
	mu       sync.Mutex
	cur, max int
	gateN    int
	gate     chan struct{}
	gateOnce sync.Once
}

const gateGuard = 10 * time.Second

func newWorld() *world {
	return &world{state: map[resources.Addr]resources.Attrs{}, restarts: map[resources.Addr]int{}}
}

func (w *world) set(a resources.Addr, attrs resources.Attrs) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.state[a] = attrs
}

func (w *world) get(a resources.Addr) (resources.Attrs, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	at, ok := w.state[a]
	return at.Clone(), ok
}

func (w *world) restartCount(a resources.Addr) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.restarts[a]
}

// useGate makes calls wait until n of them are in flight together.
func (c *counter) useGate(n int) {
	c.gateN = n
	c.gate = make(chan struct{})
}

func (c *counter) maxSeen() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.max
}

// enter counts a call in; it returns the function that counts it out.
func (c *counter) enter() func() {
	c.mu.Lock()
	c.cur++
	c.max = max(c.max, c.cur)
	reached := c.gate != nil && c.cur >= c.gateN
	gate := c.gate
	c.mu.Unlock()
	if reached {
		c.gateOnce.Do(func() { close(gate) })
	}
	if gate != nil {
		select {
		case <-gate:
		case <-time.After(gateGuard):
		}
	}
	return func() {
		c.mu.Lock()
		c.cur--
		c.mu.Unlock()
	}
}

// fake is a resource over world. Its desired attributes are want; a value
// "@kind.name|key" takes key from the upstream change of kind.name; a value
// "*" means any value, generated when created.
type fake struct {
	w      *world
	addr   resources.Addr
	deps   []resources.Addr
	want   resources.Attrs
	absent bool // desired absent

	readErr, planErr, applyErr error
	// failAfterWrite: Apply changes reality to a half-done state, then
	// fails with this error.
	failAfterWrite error
	irreversible   bool
	diverge        bool // Apply writes an extra attribute: never converges
	service        bool // plans a restart only when triggered

	mu     sync.Mutex
	inputs []resources.PlanInput
}

type fakeSub struct {
	*fake
	subs []resources.Addr
}

func (s fakeSub) Subscribes() []resources.Addr { return s.subs }

func addr(s string) resources.Addr {
	a, err := resources.ParseAddr(s)
	if err != nil {
		panic(err)
	}
	return a
}

func addrs(ss ...string) []resources.Addr {
	var out []resources.Addr
	for _, s := range ss {
		out = append(out, addr(s))
	}
	return out
}

func (f *fake) Addr() resources.Addr        { return f.addr }
func (f *fake) DependsOn() []resources.Addr { return f.deps }
func (f *fake) lastInput() resources.PlanInput {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.inputs[len(f.inputs)-1]
}

func (f *fake) Read(ctx context.Context) (resources.State, error) {
	defer f.w.reads.enter()()
	if f.readErr != nil {
		return resources.State{}, f.readErr
	}
	at, ok := f.w.get(f.addr)
	if !ok {
		return resources.State{}, nil
	}
	return resources.State{Exists: true, Attrs: at}, nil
}

func (f *fake) Plan(in resources.PlanInput) (resources.Change, error) {
	f.mu.Lock()
	f.inputs = append(f.inputs, in)
	f.mu.Unlock()
	if f.planErr != nil {
		return resources.Change{}, f.planErr
	}
	cur := in.Current
	if f.service {
		if len(in.Triggers) == 0 {
			return resources.NoChange(f.addr, cur), nil
		}
		var froms []string
		for _, t := range in.Triggers {
			froms = append(froms, t.From.String())
		}
		return resources.Change{Action: resources.Update, Before: cur.Attrs, After: cur.Attrs,
			Reasons: []resources.Reason{{Code: "Triggered", Message: "restart after " + strings.Join(froms, ", ")}}}, nil
	}
	if f.absent {
		if cur.Exists {
			return resources.Change{Action: resources.Delete, Before: cur.Attrs, Irreversible: f.irreversible}, nil
		}
		return resources.NoChange(f.addr, cur), nil
	}
	desired := resources.Attrs{}
	for k, v := range f.want {
		switch {
		case v.S == "*":
			if cv, ok := cur.Attrs[k]; ok && cur.Exists {
				desired[k] = cv
			} else {
				desired[k] = resources.UnknownValue()
			}
		case strings.HasPrefix(v.S, "@"):
			from, key, _ := strings.Cut(v.S[1:], "|")
			up, ok := in.Upstream[addr(from)]
			uv, has := up.After[key]
			if !ok || !has || uv.Unknown {
				desired[k] = resources.UnknownValue()
			} else {
				desired[k] = resources.V(uv.S)
			}
		default:
			desired[k] = v
		}
	}
	ch := resources.Change{Before: cur.Attrs, After: desired, Irreversible: f.irreversible}
	if !cur.Exists {
		ch.Action = resources.Create
		ch.Reasons = []resources.Reason{{Code: "Missing", Message: "does not exist"}}
		return ch, nil
	}
	for _, k := range desired.Keys() {
		if cv, ok := cur.Attrs[k]; desired[k].Unknown || !ok || cv.S != desired[k].S {
			ch.Reasons = append(ch.Reasons, resources.Reason{Code: "Differs", Message: k + " differs"})
		}
	}
	for _, k := range cur.Attrs.Keys() {
		if _, ok := desired[k]; !ok {
			ch.Reasons = append(ch.Reasons, resources.Reason{Code: "Extra", Message: k + " is not wanted"})
		}
	}
	if len(ch.Reasons) == 0 {
		return resources.NoChange(f.addr, cur), nil
	}
	ch.Action = resources.Update
	return ch, nil
}

func (f *fake) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	defer f.w.applies.enter()()
	if f.applyErr != nil {
		return resources.State{}, f.applyErr
	}
	if f.failAfterWrite != nil {
		f.w.set(f.addr, resources.Attrs{"half": resources.V("written")})
		return resources.State{}, f.failAfterWrite
	}
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	f.w.applied = append(f.w.applied, f.addr)
	if f.service {
		f.w.restarts[f.addr]++
		return resources.State{Exists: true, Attrs: f.w.state[f.addr].Clone()}, nil
	}
	if ch.Action == resources.Delete {
		delete(f.w.state, f.addr)
		return resources.State{}, nil
	}
	attrs := resources.Attrs{}
	for k, v := range ch.After {
		if v.Unknown {
			if f.want[k].S != "*" {
				return resources.State{}, fmt.Errorf("%s is still unknown at apply", k)
			}
			v = resources.V("gen-" + f.addr.Name + "-" + k)
		}
		attrs[k] = v
	}
	if f.diverge {
		attrs["extra"] = resources.V("x")
	}
	f.w.state[f.addr] = attrs
	return resources.State{Exists: true, Attrs: attrs.Clone()}, nil
}

// fixedClock returns a clock that advances one second per call.
func fixedClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

func mustGraph(t *testing.T, rs ...resources.Resource) *Graph {
	t.Helper()
	g, err := NewGraph(rs)
	if err != nil {
		t.Fatalf("NewGraph: %v", err)
	}
	return g
}

func mustBuild(t *testing.T, g *Graph, opt Options) *Plan {
	t.Helper()
	p, err := Build(context.Background(), g, opt)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return p
}

func mustApply(t *testing.T, g *Graph, p *Plan, opt Options) *Result {
	t.Helper()
	r, err := Apply(context.Background(), g, p, opt)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return r
}

var errBoom = errors.New("boom")
