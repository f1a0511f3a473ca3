package plan

import (
	"slices"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// cycles returns one cycle per strongly connected component that has more
// than one vertex or a self-edge, found with Tarjan's algorithm. Each cycle
// starts at the component's smallest address and follows dependency edges,
// preferring smaller addresses, back to it. Components and cycles are
// sorted, so the error text is deterministic.
func (g *Graph) cycles() [][]resources.Addr {
	var out [][]resources.Addr
	for _, scc := range g.tarjan() {
		if len(scc) == 1 && !slices.Contains(g.deps[scc[0]], scc[0]) {
			continue
		}
		out = append(out, g.cycleIn(scc))
	}
	slices.SortFunc(out, func(a, b []resources.Addr) int { return resources.CompareAddr(a[0], b[0]) })
	return out
}

// tarjan returns the strongly connected components of g, each sorted.
func (g *Graph) tarjan() [][]resources.Addr {
	t := &tarjanState{
		g:       g,
		index:   make(map[resources.Addr]int, len(g.res)),
		low:     make(map[resources.Addr]int, len(g.res)),
		onStack: make(map[resources.Addr]bool, len(g.res)),
	}
	all := make([]resources.Addr, 0, len(g.res))
	for a := range g.res {
		all = append(all, a)
	}
	sortAddrs(all)
	for _, a := range all {
		if _, seen := t.index[a]; !seen {
			t.visit(a)
		}
	}
	return t.sccs
}

type tarjanState struct {
	g       *Graph
	next    int
	index   map[resources.Addr]int
	low     map[resources.Addr]int
	onStack map[resources.Addr]bool
	stack   []resources.Addr
	sccs    [][]resources.Addr
}

func (t *tarjanState) visit(v resources.Addr) {
	t.index[v] = t.next
	t.low[v] = t.next
	t.next++
	t.stack = append(t.stack, v)
	t.onStack[v] = true
	for _, w := range t.g.deps[v] {
		if _, seen := t.index[w]; !seen {
			t.visit(w)
			t.low[v] = min(t.low[v], t.low[w])
		} else if t.onStack[w] {
			t.low[v] = min(t.low[v], t.index[w])
		}
	}
	if t.low[v] != t.index[v] {
		return
	}
	var scc []resources.Addr
	for {
		w := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.onStack[w] = false
		scc = append(scc, w)
		if w == v {
			break
		}
	}
	sortAddrs(scc)
	t.sccs = append(t.sccs, scc)
}

// cycleIn finds a cycle through the smallest address of scc by depth-first
// search restricted to scc, trying smaller dependencies first. It returns the
// cycle closed with its first address: [a b c a].
func (g *Graph) cycleIn(scc []resources.Addr) []resources.Addr {
	start := scc[0]
	in := make(map[resources.Addr]bool, len(scc))
	for _, a := range scc {
		in[a] = true
	}
	visited := map[resources.Addr]bool{}
	var path []resources.Addr
	var dfs func(v resources.Addr) bool
	dfs = func(v resources.Addr) bool {
		path = append(path, v)
		visited[v] = true
		for _, w := range g.deps[v] {
			if w == start {
				path = append(path, start)
				return true
			}
			if in[w] && !visited[w] && dfs(w) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	dfs(start)
	return path
}
