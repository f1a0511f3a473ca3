package views

import (
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// DriftStatus is the verdict on one resource.
type DriftStatus string

const (
	InSync  DriftStatus = "in_sync"
	Drifted DriftStatus = "drift"
	Errored DriftStatus = "error"
	Skipped DriftStatus = "skipped"
	// NeedsPerson is drift that apply must not fix (Plan's error wraps
	// resources.ErrCannotConverge): counted as drift, shown with the remedy.
	NeedsPerson DriftStatus = "drift_needs_person"
	// Unknown is a resource reality cannot be read for (the manual ECE
	// backend): as last attested, never reported as in sync.
	Unknown DriftStatus = "unknown"
)

// StatusOf classifies a plan item for drift reporting.
func StatusOf(it *plan.Item) DriftStatus {
	switch {
	case it.Err != nil && errors.Is(it.Err, resources.ErrCannotConverge):
		return NeedsPerson
	case it.Err != nil:
		return Errored
	case it.Skipped:
		return Skipped
	case it.Change.Action != resources.NoOp:
		return Drifted
	case it.Current.Unverifiable != "":
		return Unknown
	}
	return InSync
}

// DriftReport is the drift check's outcome.
type DriftReport struct {
	CheckedAt time.Time
	Duration  time.Duration
}

type jsonDriftResource struct {
	Address string             `json:"address"`
	Status  DriftStatus        `json:"status"`
	Action  string             `json:"action,omitempty"`
	Reasons []resources.Reason `json:"reasons,omitempty"`
	Error   string             `json:"error,omitempty"`
	Detail  string             `json:"detail,omitempty"`
}

type jsonDrift struct {
	FormatVersion int                 `json:"format_version"`
	ToolVersion   string              `json:"tool_version"`
	Environment   string              `json:"environment"`
	Spec          string              `json:"spec"`
	CheckedAt     time.Time           `json:"checked_at"`
	DurationMS    int64               `json:"duration_ms"`
	InSync        bool                `json:"in_sync"`
	Drifted       int                 `json:"drifted"`
	Errors        int                 `json:"errors"`
	Unknown       int                 `json:"unknown"`
	Resources     []jsonDriftResource `json:"resources"`
}

// DriftJSON writes the drift report as one JSON document.
func DriftJSON(w io.Writer, p *plan.Plan, m Meta, r DriftReport) error {
	doc := jsonDrift{
		FormatVersion: JSONFormatVersion,
		ToolVersion:   m.ToolVersion,
		Environment:   m.Environment,
		Spec:          m.SpecFile,
		CheckedAt:     r.CheckedAt.UTC(),
		DurationMS:    r.Duration.Milliseconds(),
		Resources:     []jsonDriftResource{},
	}
	for _, it := range p.Items {
		st := StatusOf(it)
		jr := jsonDriftResource{Address: it.Addr.String(), Status: st}
		switch st {
		case Drifted:
			doc.Drifted++
			jr.Action = it.Change.Action.Word()
			jr.Reasons = it.Change.Reasons
		case NeedsPerson:
			doc.Drifted++
			jr.Reasons = it.Change.Reasons
			jr.Error = it.Err.Error()
		case Unknown:
			doc.Unknown++
			jr.Detail = it.Current.Unverifiable
		case Errored:
			doc.Errors++
			jr.Error = it.Err.Error()
		}
		doc.Resources = append(doc.Resources, jr)
	}
	doc.InSync = doc.Drifted == 0 && doc.Errors == 0 && doc.Unknown == 0
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// DriftText writes the drift report for people: the verdict, then one line
// per drifted, failed or skipped resource with its reasons.
func DriftText(w io.Writer, p *plan.Plan, m Meta, r DriftReport) error {
	bw := &errWriter{w: w}
	drifted, errs, unknown := 0, 0, 0
	for _, it := range p.Items {
		switch StatusOf(it) {
		case Drifted, NeedsPerson:
			drifted++
		case Errored:
			errs++
		case Unknown:
			unknown++
		}
	}
	switch {
	case drifted == 0 && errs == 0 && unknown == 0:
		bw.printf("In sync: environment %s, %d resources match the spec.\n", m.Environment, len(p.Items))
		return bw.err
	case drifted == 0 && errs == 0:
		bw.printf("No drift found: environment %s, %d resources match the spec; %d cannot be read and are as last attested.\n",
			m.Environment, len(p.Items)-unknown, unknown)
	case errs == 0:
		bw.printf("Drift: environment %s, %d of %d resources differ from the spec.\n", m.Environment, drifted, len(p.Items))
	default:
		bw.printf("Drift check incomplete: environment %s, %d drifted, %d could not be checked.\n", m.Environment, drifted, errs)
	}
	for _, it := range p.Items {
		switch StatusOf(it) {
		case Drifted:
			bw.printf("  %s %s\n", it.Change.Action, it.Addr)
			for _, line := range attrDiff(it.Change) {
				bw.printf("      %s\n", line)
			}
			for _, rs := range it.Change.Reasons {
				bw.printf("      # %s: %s\n", rs.Code, rs.Message)
			}
		case NeedsPerson:
			bw.printf("  ! %s: drifted, and apply must not change it:\n      %s\n", it.Addr, indent(it.Err.Error()))
		case Unknown:
			bw.printf("  ? %s: %s\n", it.Addr, it.Current.Unverifiable)
			if v, ok := it.Current.Attrs["verification"]; ok {
				bw.printf("      verification: %s\n", Render(v))
			}
		case Errored:
			bw.printf("  ✗ %s: %s\n", it.Addr, indent(it.Err.Error()))
		case Skipped:
			bw.printf("  - %s: skipped: %s\n", it.Addr, it.SkipReason)
		}
	}
	return bw.err
}
