package plan

import (
	"fmt"
	"slices"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Graph is the dependency graph of a set of resources. An edge runs from a
// resource to each address it depends on or subscribes to; subscriptions are
// dependencies too. A Graph is immutable after NewGraph and safe for
// concurrent use.
type Graph struct {
	res         map[resources.Addr]resources.Resource
	deps        map[resources.Addr][]resources.Addr // DependsOn ∪ Subscribes, sorted
	subscribes  map[resources.Addr][]resources.Addr // Subscribes only, sorted
	dependents  map[resources.Addr][]resources.Addr // reverse of deps, sorted
	subscribers map[resources.Addr][]resources.Addr // reverse of subscribes, sorted
	order       []resources.Addr
}

// NewGraph builds the graph of rs. It fails, naming every offender, when two
// resources share an address, when a resource depends on or subscribes to an
// address no resource has, or when dependencies form a cycle (a *CycleError
// wrapping ErrCycle).
func NewGraph(rs []resources.Resource) (*Graph, error) {
	g := &Graph{
		res:         make(map[resources.Addr]resources.Resource, len(rs)),
		deps:        make(map[resources.Addr][]resources.Addr, len(rs)),
		subscribes:  make(map[resources.Addr][]resources.Addr),
		dependents:  make(map[resources.Addr][]resources.Addr),
		subscribers: make(map[resources.Addr][]resources.Addr),
	}
	var errs []error
	for _, r := range rs {
		a := r.Addr()
		if _, dup := g.res[a]; dup {
			errs = append(errs, fmt.Errorf("%s: %w", a, ErrDuplicate))
			continue
		}
		g.res[a] = r
	}
	for a, r := range g.res {
		deps := slices.Clone(r.DependsOn())
		if s, ok := r.(resources.Subscriber); ok {
			subs := sortedUnique(slices.Clone(s.Subscribes()))
			for _, d := range subs {
				if _, ok := g.res[d]; !ok {
					errs = append(errs, fmt.Errorf("%s subscribes to %s, which no resource has: %w", a, d, ErrUnknownDependency))
				}
			}
			g.subscribes[a] = subs
			deps = append(deps, subs...)
		}
		deps = sortedUnique(deps)
		for _, d := range deps {
			if _, ok := g.res[d]; !ok && !slices.Contains(g.subscribes[a], d) {
				errs = append(errs, fmt.Errorf("%s depends on %s, which no resource has: %w", a, d, ErrUnknownDependency))
			}
		}
		g.deps[a] = deps
	}
	if errs != nil {
		sortErrors(errs)
		return nil, flatten(errs)
	}
	for a, deps := range g.deps {
		for _, d := range deps {
			g.dependents[d] = append(g.dependents[d], a)
		}
		for _, d := range g.subscribes[a] {
			g.subscribers[d] = append(g.subscribers[d], a)
		}
	}
	for _, m := range []map[resources.Addr][]resources.Addr{g.dependents, g.subscribers} {
		for k := range m {
			sortAddrs(m[k])
		}
	}
	if cycles := g.cycles(); len(cycles) > 0 {
		return nil, &CycleError{Cycles: cycles}
	}
	g.order = g.topoOrder()
	return g, nil
}

// Len returns the number of resources.
func (g *Graph) Len() int { return len(g.res) }

// Order returns every address in topological order: each address comes after
// all of its dependencies; among addresses that are ready at the same time the
// smaller (Addr.Less) comes first, so the order is deterministic.
func (g *Graph) Order() []resources.Addr { return slices.Clone(g.order) }

// Resource returns the resource at addr, or nil when there is none.
func (g *Graph) Resource(addr resources.Addr) resources.Resource { return g.res[addr] }

// Deps returns the direct dependencies of addr (DependsOn and Subscribes),
// sorted.
func (g *Graph) Deps(addr resources.Addr) []resources.Addr { return slices.Clone(g.deps[addr]) }

// Dependents returns the resources that directly depend on (or subscribe to)
// addr, sorted.
func (g *Graph) Dependents(addr resources.Addr) []resources.Addr {
	return slices.Clone(g.dependents[addr])
}

// Subscribes returns the addresses addr subscribes to, sorted; nil when the
// resource is not a Subscriber.
func (g *Graph) Subscribes(addr resources.Addr) []resources.Addr {
	return slices.Clone(g.subscribes[addr])
}

// Subscribers returns the subscribers notified when addr changes, sorted.
func (g *Graph) Subscribers(addr resources.Addr) []resources.Addr {
	return slices.Clone(g.subscribers[addr])
}

// topoOrder is Kahn's algorithm with the ready set kept sorted.
func (g *Graph) topoOrder() []resources.Addr {
	waiting := make(map[resources.Addr]int, len(g.res))
	var ready []resources.Addr
	for a := range g.res {
		waiting[a] = len(g.deps[a])
		if waiting[a] == 0 {
			ready = append(ready, a)
		}
	}
	sortAddrs(ready)
	order := make([]resources.Addr, 0, len(g.res))
	for len(ready) > 0 {
		a := ready[0]
		ready = ready[1:]
		order = append(order, a)
		for _, d := range g.dependents[a] {
			waiting[d]--
			if waiting[d] == 0 {
				i, _ := slices.BinarySearchFunc(ready, d, resources.CompareAddr)
				ready = slices.Insert(ready, i, d)
			}
		}
	}
	return order
}

func sortAddrs(as []resources.Addr) { slices.SortFunc(as, resources.CompareAddr) }

func sortedUnique(as []resources.Addr) []resources.Addr {
	sortAddrs(as)
	return slices.Compact(as)
}

func sortErrors(errs []error) {
	slices.SortStableFunc(errs, func(a, b error) int {
		switch {
		case a.Error() < b.Error():
			return -1
		case a.Error() > b.Error():
			return 1
		}
		return 0
	})
}
