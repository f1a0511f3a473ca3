package plan

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Build reads every resource of g and plans each.
//
// Reads run in parallel, at most opt.Parallelism at once, with the hooks
// PreRead and PostRead around each. Then each resource is planned in
// topological order with PlanInput{Current, Upstream: the planned Change of
// each dependency, Triggers, Now}. Only a resources.Subscriber gets Triggers:
// each subscribed address whose planned action is not NoOp, and the
// journal's pending notifications for it.
//
// A resource whose Read or Plan fails is an Item with Err; its dependents,
// transitively, are Items skipped with SkipUpstreamFailed, neither planned
// nor reported again. Build returns an error only for engine-level problems:
// an invalid Options, an unreadable journal, a cancelled context.
func Build(ctx context.Context, g *Graph, opt Options) (*Plan, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	pending, err := opt.Journal.Pending()
	if err != nil {
		return nil, fmt.Errorf("reading pending notifications: %w", err)
	}
	reads := readAll(ctx, g, opt)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reading resources: %w", err)
	}

	now := opt.Now()
	p := &Plan{CreatedAt: now}
	for i, a := range g.order {
		it := &Item{Addr: a, Change: resources.Change{Addr: a}}
		p.add(it)
		rd := reads[i]
		if rd.err != nil {
			it.Err = fmt.Errorf("reading: %w", rd.err)
			continue
		}
		it.Current = rd.state
		it.Fingerprint = resources.FingerprintOf(rd.state)
		upstream, ok := plannedUpstream(p, g.deps[a])
		if !ok {
			it.Skipped, it.SkipReason = true, SkipUpstreamFailed
			continue
		}
		if _, isSub := g.res[a].(resources.Subscriber); isSub {
			it.Triggers = planTriggers(p, g.subscribes[a], pending[a])
		}
		ch, err := g.res[a].Plan(resources.PlanInput{
			Current:  rd.state,
			Upstream: upstream,
			Triggers: slices.Clone(it.Triggers),
			Now:      now,
		})
		if err != nil {
			it.Err = fmt.Errorf("planning: %w", err)
			continue
		}
		ch.Addr = a
		it.Change = ch
	}
	return p, nil
}

type readResult struct {
	state resources.State
	err   error
}

// readAll reads every resource, at most opt.Parallelism at once. Results are
// indexed like g.order.
func readAll(ctx context.Context, g *Graph, opt Options) []readResult {
	out := make([]readResult, len(g.order))
	sem := make(chan struct{}, opt.Parallelism)
	var wg sync.WaitGroup
	for i, a := range g.order {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				out[i].err = ctx.Err()
				return
			}
			if err := ctx.Err(); err != nil {
				out[i].err = err
				return
			}
			opt.Hooks.PreRead(a)
			st, err := g.res[a].Read(ctx)
			opt.Hooks.PostRead(a, st, err)
			out[i] = readResult{state: st, err: err}
		})
	}
	wg.Wait()
	return out
}

// plannedUpstream returns the planned Change of each dependency, or false
// when one of them failed or was skipped.
func plannedUpstream(p *Plan, deps []resources.Addr) (map[resources.Addr]resources.Change, bool) {
	up := make(map[resources.Addr]resources.Change, len(deps))
	for _, d := range deps {
		it := p.Item(d)
		if !it.ok() {
			return nil, false
		}
		up[d] = it.Change
	}
	return up, true
}

// planTriggers merges fresh triggers (subscribed resources planned to
// change) with pending ones from the journal. One trigger per From; a
// pending one wins, since its Since tells when the change happened.
func planTriggers(p *Plan, subscribes []resources.Addr, pending []resources.Trigger) []resources.Trigger {
	var out []resources.Trigger
	for _, s := range subscribes {
		if p.Item(s).Change.Action != resources.NoOp {
			out = append(out, resources.Trigger{From: s})
		}
	}
	return mergeTriggers(pending, out)
}

// mergeTriggers returns first plus every trigger of then whose From is not
// in first, sorted by From.
func mergeTriggers(first, then []resources.Trigger) []resources.Trigger {
	out := slices.Clone(first)
	for _, t := range then {
		if !slices.ContainsFunc(out, func(e resources.Trigger) bool { return e.From == t.From }) {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b resources.Trigger) int { return resources.CompareAddr(a.From, b.From) })
	return out
}
