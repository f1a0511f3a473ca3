package plan

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Apply converges reality to p, walking g with at most opt.Parallelism
// resources in execution at once; a resource starts when all its
// dependencies are done. p must come from Build on the same graph.
//
// Per resource, in this order:
//
//  1. the plan item failed: Failed with that error;
//  2. a dependency failed or was skipped: Skipped, SkipUpstreamFailed;
//  3. the context is done: Skipped, SkipCanceled;
//  4. planned NoOp and no subscribed resource changed in this run:
//     Unchanged;
//  5. irreversible and not opt.AllowIrreversible: Failed (ErrIrreversible);
//  6. plan again with Current from p, Upstream a NoOp Change per dependency
//     whose Before and After are its final attributes (this resolves values
//     that were unknown at plan time), Triggers the planned ones plus the
//     subscribed resources that changed in this run; NoOp: Unchanged;
//  7. PreApply; record a notification for every subscriber of the
//     resource in opt.Journal; Apply; Read; Plan again with the same
//     Upstream and no Triggers: anything but NoOp is Failed
//     (ErrNotConverged);
//  8. a Subscriber that got this far has its pending notifications
//     cleared; Applied.
//
// PostApply is called once per resource with its status. Apply returns an
// error only for engine-level problems: invalid Options, a plan that does
// not match g, a cancelled context (the Result is returned too).
func Apply(ctx context.Context, g *Graph, p *Plan, opt Options) (*Result, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := matches(g, p); err != nil {
		return nil, err
	}
	a := &applier{g: g, p: p, opt: opt, out: make(map[resources.Addr]*Outcome, len(g.order))}
	walk(ctx, g, opt.Parallelism, func(addr resources.Addr, upstreamOK bool) bool {
		start := opt.Now()
		o := a.one(ctx, addr, upstreamOK)
		o.Duration = opt.Now().Sub(start)
		opt.Hooks.PostApply(addr, o.Status, o.Err, o.Duration)
		a.mu.Lock()
		a.out[addr] = o
		a.mu.Unlock()
		return o.Status == Applied || o.Status == Unchanged
	})
	r := &Result{index: a.out}
	for _, addr := range g.order {
		r.Items = append(r.Items, a.out[addr])
	}
	if err := ctx.Err(); err != nil {
		return r, fmt.Errorf("apply interrupted: %w", err)
	}
	return r, nil
}

// matches checks that p has exactly one item per vertex of g.
func matches(g *Graph, p *Plan) error {
	if p == nil {
		return fmt.Errorf("apply: no plan")
	}
	for _, a := range g.order {
		if p.Item(a) == nil {
			return fmt.Errorf("apply: plan does not match the graph: %s has no plan item", a)
		}
	}
	for _, it := range p.Items {
		if g.res[it.Addr] == nil {
			return fmt.Errorf("apply: plan does not match the graph: %s is not in the graph", it.Addr)
		}
	}
	return nil
}

type applier struct {
	g   *Graph
	p   *Plan
	opt Options

	mu  sync.Mutex
	out map[resources.Addr]*Outcome
}

// outcome returns the outcome of a vertex already visited.
func (a *applier) outcome(addr resources.Addr) *Outcome {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.out[addr]
}

func (a *applier) one(ctx context.Context, addr resources.Addr, upstreamOK bool) *Outcome {
	it := a.p.Item(addr)
	o := &Outcome{Addr: addr, Final: it.Current, Change: it.Change}
	fail := func(err error) *Outcome {
		o.Status, o.Err = Failed, err
		return o
	}
	skip := func(why string) *Outcome {
		o.Status, o.SkipReason = Skipped, why
		return o
	}
	switch {
	case it.Err != nil:
		return fail(it.Err)
	case !upstreamOK:
		return skip(SkipUpstreamFailed)
	case it.Skipped:
		return skip(it.SkipReason)
	case ctx.Err() != nil:
		return skip(SkipCanceled)
	}

	r := a.g.res[addr]
	_, isSub := r.(resources.Subscriber)
	var changed []resources.Trigger
	for _, s := range a.g.subscribes[addr] {
		if a.outcome(s).Status == Applied {
			changed = append(changed, resources.Trigger{From: s})
		}
	}
	o.Triggers = mergeTriggers(it.Triggers, changed)
	clearPending := func() *Outcome {
		if isSub && len(o.Triggers) > 0 {
			if err := a.opt.Journal.Clear(addr); err != nil {
				return fail(fmt.Errorf("clearing pending notifications: %w", err))
			}
		}
		return o
	}
	if it.Change.Action == resources.NoOp && len(changed) == 0 {
		o.Status = Unchanged
		return clearPending()
	}
	if err := a.refuseIrreversible(it.Change); err != nil {
		return fail(err)
	}

	upstream := make(map[resources.Addr]resources.Change, len(a.g.deps[addr]))
	for _, d := range a.g.deps[addr] {
		attrs := a.outcome(d).Final.Attrs
		upstream[d] = resources.Change{Addr: d, Action: resources.NoOp, Before: attrs, After: attrs}
	}
	ch, err := r.Plan(resources.PlanInput{
		Current:  it.Current,
		Upstream: upstream,
		Triggers: slices.Clone(o.Triggers),
		Now:      a.opt.Now(),
	})
	if err != nil {
		return fail(fmt.Errorf("planning: %w", err))
	}
	ch.Addr = addr
	o.Change = ch
	if ch.Action == resources.NoOp {
		o.Status = Unchanged
		return clearPending()
	}
	if err := a.refuseIrreversible(ch); err != nil {
		return fail(err)
	}

	a.opt.Hooks.PreApply(addr, ch)
	notice := resources.Trigger{From: addr, Since: a.opt.Now()}
	for _, sub := range a.g.subscribers[addr] {
		if err := a.opt.Journal.Record(sub, notice); err != nil {
			return fail(fmt.Errorf("recording notification for %s: %w", sub, err))
		}
	}
	if _, err := r.Apply(ctx, ch); err != nil {
		return fail(a.withdrawIfUntouched(ctx, r, it, notice, fmt.Errorf("applying: %w", err)))
	}
	st, err := r.Read(ctx)
	if err != nil {
		return fail(fmt.Errorf("reading after apply: %w", err))
	}
	o.Final = st
	check, err := r.Plan(resources.PlanInput{Current: st, Upstream: upstream, Now: a.opt.Now()})
	if err != nil {
		return fail(fmt.Errorf("planning after apply: %w", err))
	}
	if check.Action != resources.NoOp {
		return fail(notConverged(check))
	}
	o.Status = Applied
	if isSub {
		if err := a.opt.Journal.Clear(addr); err != nil {
			return fail(fmt.Errorf("clearing pending notifications: %w", err))
		}
	}
	return o
}

// withdrawIfUntouched handles a failed Apply: when reading again shows
// reality exactly as planned (same fingerprint), nothing changed, so the
// notifications recorded for it are withdrawn: a failure before any write
// must not restart a service on the next run. When reality moved, or cannot
// be read, they stay: a restart too many is better than one too few.
func (a *applier) withdrawIfUntouched(ctx context.Context, r resources.Resource, it *Item, notice resources.Trigger, applyErr error) error {
	subs := a.g.subscribers[it.Addr]
	if len(subs) == 0 {
		return applyErr
	}
	st, err := r.Read(ctx)
	if err != nil || resources.FingerprintOf(st) != it.Fingerprint {
		return applyErr
	}
	for _, sub := range subs {
		if err := a.opt.Journal.Forget(sub, notice); err != nil {
			return fmt.Errorf("%w; withdrawing the notification for %s: %v", applyErr, sub, err)
		}
	}
	return applyErr
}

func (a *applier) refuseIrreversible(ch resources.Change) error {
	if !ch.Irreversible || a.opt.AllowIrreversible {
		return nil
	}
	return fmt.Errorf("%w: this %s cannot be undone and was not explicitly allowed", ErrIrreversible, ch.Action.Word())
}

// notConverged renders "did not converge: after apply the plan still wants
// update (reason; reason)".
func notConverged(ch resources.Change) error {
	why := ""
	if len(ch.Reasons) > 0 {
		msgs := make([]string, len(ch.Reasons))
		for i, r := range ch.Reasons {
			msgs[i] = r.Message
			if msgs[i] == "" {
				msgs[i] = r.Code
			}
		}
		why = " (" + strings.Join(msgs, "; ") + ")"
	}
	return fmt.Errorf("%w: after apply the plan still wants %s%s", ErrNotConverged, ch.Action.Word(), why)
}
