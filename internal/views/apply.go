package views

import (
	"encoding/json"
	"io"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
)

// ApplyText writes the outcome of an apply: errors with their resource,
// skipped resources, and a one-line summary.
func ApplyText(w io.Writer, r *plan.Result) error {
	bw := &errWriter{w: w}
	var applied, unchanged, failed, skipped int
	for _, o := range r.Items {
		switch o.Status {
		case plan.Applied:
			applied++
		case plan.Unchanged:
			unchanged++
		case plan.Failed:
			failed++
			bw.printf("  ✗ %s: %s\n", o.Addr, indent(o.Err.Error()))
		case plan.Skipped:
			skipped++
			bw.printf("  - %s: skipped: upstream failed\n", o.Addr)
		}
	}
	if failed > 0 {
		bw.printf("\nApply failed: %d applied, %d unchanged, %d failed, %d skipped.\n", applied, unchanged, failed, skipped)
	} else {
		bw.printf("\nApply complete: %d applied, %d unchanged.\n", applied, unchanged)
	}
	return bw.err
}

type jsonOutcome struct {
	Address    string `json:"address"`
	Status     string `json:"status"`
	Error      string `json:"error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// ApplyJSON writes the outcome of an apply as one JSON document.
func ApplyJSON(w io.Writer, r *plan.Result, m Meta) error {
	doc := struct {
		FormatVersion int           `json:"format_version"`
		ToolVersion   string        `json:"tool_version"`
		Environment   string        `json:"environment"`
		OK            bool          `json:"ok"`
		Resources     []jsonOutcome `json:"resources"`
	}{JSONFormatVersion, m.ToolVersion, m.Environment, len(r.Failed()) == 0, []jsonOutcome{}}
	for _, o := range r.Items {
		jo := jsonOutcome{Address: o.Addr.String(), Status: o.Status.String(), DurationMS: o.Duration.Milliseconds()}
		if o.Err != nil {
			jo.Error = o.Err.Error()
		}
		doc.Resources = append(doc.Resources, jo)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
