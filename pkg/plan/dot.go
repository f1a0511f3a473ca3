package plan

import (
	"slices"
	"strings"
)

// DOT renders the graph in Graphviz DOT. Vertices are listed in topological
// order; an edge runs from a dependency to its dependent (the order in which
// they are applied); a subscription edge is dashed and labelled "notifies".
// The output is stable: the same graph always renders the same bytes.
func (g *Graph) DOT() string {
	var b strings.Builder
	b.WriteString("digraph ecereconcile {\n")
	b.WriteString("\trankdir = \"LR\";\n")
	b.WriteString("\tnode [shape = \"box\"];\n")
	for _, a := range g.order {
		b.WriteString("\t" + dotQuote(a.String()) + ";\n")
	}
	for _, a := range g.order {
		for _, d := range g.dependents[a] {
			b.WriteString("\t" + dotQuote(a.String()) + " -> " + dotQuote(d.String()))
			if slices.Contains(g.subscribes[d], a) {
				b.WriteString(" [style = \"dashed\", label = \"notifies\"]")
			}
			b.WriteString(";\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// dotQuote returns s as a DOT quoted string.
func dotQuote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}
