package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// checkCycles reports each dependency cycle among the instances once, in
// order, at the first declaration involved. A cycle repeated on several
// hosts by the same declarations is reported for one host only.
func checkCycles(insts []Instance, errs *errList) {
	idx := map[resources.Addr]int{}
	for i, inst := range insts {
		idx[inst.Addr] = i
	}
	edges := func(i int) []int {
		var out []int
		for _, d := range insts[i].DependsOn {
			if j, ok := idx[d]; ok {
				out = append(out, j)
			}
		}
		return out
	}
	reported := map[string]bool{}
	for _, scc := range stronglyConnected(len(insts), edges) {
		if len(scc) == 1 && !slices.Contains(edges(scc[0]), scc[0]) {
			continue
		}
		// Start at the instance declared first.
		start := slices.MinFunc(scc, func(a, b int) int {
			pa, pb := insts[a].Pos, insts[b].Pos
			if pa.Line != pb.Line {
				return pa.Line - pb.Line
			}
			if pa.Col != pb.Col {
				return pa.Col - pb.Col
			}
			return a - b
		})
		cycle := shortestCycle(start, scc, edges)
		var names, sources []string
		for _, i := range cycle {
			names = append(names, insts[i].Addr.String())
			sources = append(sources, insts[i].Source)
		}
		slices.Sort(sources)
		key := strings.Join(slices.Compact(sources), "|")
		if reported[key] {
			continue
		}
		reported[key] = true
		names = append(names, insts[start].Addr.String())
		errs.add(insts[start].Pos, insts[start].Source,
			"dependency cycle: "+strings.Join(names, " -> "), "remove one of these dependsOn or restartOn entries")
	}
}

// stronglyConnected returns the strongly connected components of a graph of
// n vertices (Tarjan), each component's vertices in ascending order.
func stronglyConnected(n int, edges func(int) []int) [][]int {
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var out [][]int
	next := 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges(v) {
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var comp []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			slices.Sort(comp)
			out = append(out, comp)
		}
	}
	for v := range n {
		if index[v] < 0 {
			visit(v)
		}
	}
	slices.SortFunc(out, func(a, b []int) int { return a[0] - b[0] })
	return out
}

// shortestCycle returns the vertices of a shortest cycle through start
// within comp, beginning with start (breadth-first search).
func shortestCycle(start int, comp []int, edges func(int) []int) []int {
	prev := map[int]int{}
	queue := []int{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range edges(v) {
			if !slices.Contains(comp, w) {
				continue
			}
			if w == start {
				path := []int{v}
				for v != start {
					v = prev[v]
					path = append(path, v)
				}
				slices.Reverse(path)
				return path
			}
			if _, seen := prev[w]; !seen {
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	return []int{start}
}

// checkSameFile reports two declarations managing the same file on the same
// host (keystores, spog_config.js): they would overwrite each other.
func checkSameFile(insts []Instance, pos *positions, errs *errList) {
	type fileKey struct{ kind, host, path string }
	first := map[fileKey]int{}
	type pair struct{ a, b string }
	hosts := map[pair][]string{}
	var order []pair
	at := map[pair][2]int{}
	for i, inst := range insts {
		path := instancePath(inst)
		if path == "" {
			continue
		}
		k := fileKey{inst.Addr.Kind, inst.Addr.Host, normPath(path)}
		j, dup := first[k]
		if !dup {
			first[k] = i
			continue
		}
		p := pair{insts[j].Source, inst.Source}
		if _, seen := hosts[p]; !seen {
			order = append(order, p)
			at[p] = [2]int{j, i}
		}
		hosts[p] = append(hosts[p], inst.Addr.Host)
	}
	for _, p := range order {
		a, b := insts[at[p][0]], insts[at[p][1]]
		field := pathField(b.Source)
		errs.add(pos.at(field), field,
			fmt.Sprintf("%s.%s manages the same file as %s.%s (%s, line %d) on %s: %s",
				b.Addr.Kind, b.Addr.Name, a.Addr.Kind, a.Addr.Name, a.Source, a.Pos.Line,
				strings.Join(hosts[p], ", "), instancePath(b)),
			"two resources writing one file would undo each other; declare it once")
	}
}

func instancePath(inst Instance) string {
	switch {
	case inst.Keystore != nil:
		return inst.Keystore.Path
	case inst.SpogConfig != nil:
		return inst.SpogConfig.Path
	}
	return ""
}

// pathField is the field path of the file path of a declaration.
func pathField(source string) string {
	switch source {
	case SourceActiveDirectory:
		return source + ".keystore.path"
	case SourceADSTrust:
		return source + ".truststore.path"
	}
	return source + ".path"
}
