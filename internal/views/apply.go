package views

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Progress is a plan.Hook that prints one line when a resource starts and
// one when it ends. It is safe for concurrent use.
type Progress struct {
	plan.NopHook
	mu sync.Mutex
	w  io.Writer
}

// NewProgress reports apply progress to w.
func NewProgress(w io.Writer) *Progress { return &Progress{w: w} }

// PreApply implements plan.Hook.
func (p *Progress) PreApply(a resources.Addr, ch resources.Change) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "%s: %sing...\n", a, verb(ch.Action))
}

// PostApply implements plan.Hook.
func (p *Progress) PostApply(a resources.Addr, st plan.Status, err error, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case err != nil && st == plan.Failed:
		fmt.Fprintf(p.w, "%s: failed after %s\n", a, round(d))
	case st == plan.Applied:
		fmt.Fprintf(p.w, "%s: done in %s\n", a, round(d))
	}
}

func verb(a resources.Action) string {
	switch a {
	case resources.Create:
		return "creat"
	case resources.Delete:
		return "delet"
	}
	return "updat"
}

func round(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

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
