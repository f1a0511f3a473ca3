package views

import (
	"fmt"
	"io"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// PlanText writes a plan for people: one block per resource that changes,
// failed or was skipped, with attribute-level before/after.
func PlanText(w io.Writer, p *plan.Plan, m Meta) error {
	bw := &errWriter{w: w}
	bw.printf("Environment %s (%s): %d resources read.\n", m.Environment, m.SpecFile, len(p.Items))
	changes := p.Changes()
	if len(changes) > 0 {
		bw.printf("\necereconcile will perform these actions:\n")
	}
	for _, it := range changes {
		writeChange(bw, it, m)
	}
	warned := false
	for _, it := range p.Items {
		if it.Err != nil || it.Skipped || len(it.Current.Warnings) == 0 || it.Change.Action != resources.NoOp {
			continue
		}
		if !warned {
			bw.printf("\nWarnings:\n")
			warned = true
		}
		for _, wn := range it.Current.Warnings {
			bw.printf("  ! %s: %s\n", it.Addr, wn)
		}
	}
	failed := writeProblems(bw, p)
	add, change, destroy := p.Counts()
	bw.printf("\n")
	if len(changes) == 0 && failed == 0 {
		bw.printf("No changes. Reality matches the spec.\n")
		return bw.err
	}
	bw.printf("Plan: %d to add, %d to change, %d to destroy", add, change, destroy)
	if n := countIrreversible(p); n > 0 {
		bw.printf(", %d irreversible", n)
	}
	if failed > 0 {
		bw.printf("; %d failed", failed)
	}
	if s := countSkipped(p); s > 0 {
		bw.printf(", %d skipped", s)
	}
	bw.printf(".\n")
	return bw.err
}

func writeChange(bw *errWriter, it *plan.Item, m Meta) {
	ch := it.Change
	mark := ch.Action.String()
	bw.printf("\n  %s %s", mark, it.Addr)
	if d := m.describe(it.Addr); d != "" {
		bw.printf("  (%s)", d)
	}
	if ch.Irreversible {
		bw.printf("  ‼ irreversible")
	}
	bw.printf("\n")
	for _, line := range attrDiff(ch) {
		bw.printf("      %s\n", line)
	}
	for _, r := range ch.Reasons {
		bw.printf("      # %s: %s\n", r.Code, r.Message)
	}
	for _, wn := range it.Current.Warnings {
		bw.printf("      ! %s\n", wn)
	}
}

// attrDiff lists changed attributes: "+ k = v", "~ k: old -> new", "- k = old".
func attrDiff(ch resources.Change) []string {
	var lines []string
	keys := map[string]bool{}
	for k := range ch.Before {
		keys[k] = true
	}
	for k := range ch.After {
		keys[k] = true
	}
	sorted := make(resources.Attrs, len(keys))
	for k := range keys {
		sorted[k] = resources.Value{}
	}
	hidden := 0
	for _, k := range sorted.Keys() {
		b, hadB := ch.Before[k]
		a, hadA := ch.After[k]
		if b.Internal || a.Internal {
			continue
		}
		switch {
		case ch.Action == resources.Create && hadA:
			lines = append(lines, fmt.Sprintf("+ %s = %s", k, quote(a)))
		case hadA && !hadB:
			lines = append(lines, fmt.Sprintf("+ %s = %s", k, quote(a)))
		case hadB && !hadA:
			lines = append(lines, fmt.Sprintf("- %s = %s", k, quote(b)))
		case b != a:
			lines = append(lines, fmt.Sprintf("~ %s: %s -> %s", k, quote(b), quote(a)))
		default:
			hidden++
		}
	}
	if hidden > 0 && ch.Action == resources.Update {
		lines = append(lines, fmt.Sprintf("(%d unchanged %s hidden)", hidden, plural(hidden, "attribute", "attributes")))
	}
	return lines
}

func quote(v resources.Value) string {
	if v.Unknown || v.Sensitive {
		return Render(v)
	}
	return `"` + v.S + `"`
}

func writeProblems(bw *errWriter, p *plan.Plan) int {
	failed := 0
	for _, it := range p.Items {
		if it.Err == nil {
			continue
		}
		if failed == 0 {
			bw.printf("\nErrors:\n")
		}
		failed++
		bw.printf("  ✗ %s: %s\n", it.Addr, indent(it.Err.Error()))
	}
	first := true
	for _, it := range p.Items {
		if !it.Skipped {
			continue
		}
		if first {
			bw.printf("\nSkipped:\n")
			first = false
		}
		bw.printf("  - %s: skipped: %s\n", it.Addr, it.SkipReason)
	}
	return failed
}

func countIrreversible(p *plan.Plan) int {
	n := 0
	for _, it := range p.Changes() {
		if it.Change.Irreversible {
			n++
		}
	}
	return n
}

func countSkipped(p *plan.Plan) int {
	n := 0
	for _, it := range p.Items {
		if it.Skipped {
			n++
		}
	}
	return n
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n      ") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
