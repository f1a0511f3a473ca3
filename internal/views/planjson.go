package views

import (
	"encoding/json"
	"io"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// JSONFormatVersion is the version of the JSON documents written by views.
const JSONFormatVersion = 1

type jsonResource struct {
	Address      string             `json:"address"`
	Action       string             `json:"action"`
	Before       map[string]string  `json:"before,omitempty"`
	After        map[string]string  `json:"after,omitempty"`
	Reasons      []resources.Reason `json:"reasons,omitempty"`
	Warnings     []string           `json:"warnings,omitempty"`
	Irreversible bool               `json:"irreversible,omitempty"`
	Error        string             `json:"error,omitempty"`
	Skipped      string             `json:"skipped,omitempty"`
	Fingerprint  string             `json:"fingerprint,omitempty"`
}

type jsonSummary struct {
	Add       int `json:"add"`
	Change    int `json:"change"`
	Destroy   int `json:"destroy"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
	Skipped   int `json:"skipped"`
}

type jsonPlan struct {
	FormatVersion int            `json:"format_version"`
	ToolVersion   string         `json:"tool_version"`
	Environment   string         `json:"environment"`
	Spec          string         `json:"spec"`
	SpecHash      string         `json:"spec_hash"`
	HasChanges    bool           `json:"has_changes"`
	Summary       jsonSummary    `json:"summary"`
	Resources     []jsonResource `json:"resources"`
}

func toJSONResource(it *plan.Item) jsonResource {
	r := jsonResource{
		Address:     it.Addr.String(),
		Action:      it.Change.Action.Word(),
		Before:      RenderAttrs(it.Change.Before),
		After:       RenderAttrs(it.Change.After),
		Reasons:     it.Change.Reasons,
		Warnings:    it.Current.Warnings,
		Fingerprint: it.Fingerprint,
	}
	r.Irreversible = it.Change.Irreversible
	if it.Err != nil {
		r.Action = "error"
		r.Error = it.Err.Error()
	}
	if it.Skipped {
		r.Action = "skipped"
		r.Skipped = it.SkipReason
	}
	return r
}

func summarize(p *plan.Plan) jsonSummary {
	var s jsonSummary
	s.Add, s.Change, s.Destroy = p.Counts()
	for _, it := range p.Items {
		switch {
		case it.Err != nil:
			s.Failed++
		case it.Skipped:
			s.Skipped++
		case it.Change.Action == resources.NoOp:
			s.Unchanged++
		}
	}
	return s
}

// PlanJSON writes a plan as one JSON document.
func PlanJSON(w io.Writer, p *plan.Plan, m Meta) error {
	doc := jsonPlan{
		FormatVersion: JSONFormatVersion,
		ToolVersion:   m.ToolVersion,
		Environment:   m.Environment,
		Spec:          m.SpecFile,
		SpecHash:      m.SpecHash,
		HasChanges:    p.HasChanges(),
		Summary:       summarize(p),
		Resources:     []jsonResource{},
	}
	for _, it := range p.Items {
		doc.Resources = append(doc.Resources, toJSONResource(it))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
