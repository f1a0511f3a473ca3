package views

import (
	"fmt"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Format is an output format.
type Format int

const (
	// Text is for people reading a terminal.
	Text Format = iota
	// JSON is one JSON document for programs.
	JSON
	// Markdown is a plan for a change ticket.
	Markdown
	// Prometheus is a drift report in the text exposition format, for
	// node_exporter's textfile collector.
	Prometheus
)

// The formats each command accepts, in the order their help names them.
var (
	PlanFormats  = []Format{Text, JSON, Markdown}
	DriftFormats = []Format{Text, JSON, Prometheus}
	ApplyFormats = []Format{Text, JSON}
)

// String returns the format's name as given to --format.
func (f Format) String() string {
	switch f {
	case Text:
		return "text"
	case JSON:
		return "json"
	case Markdown:
		return "markdown"
	case Prometheus:
		return "prometheus"
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// ParseFormat parses a --format value among allowed (text and json when
// none are given); an empty value is text. The error names the allowed
// formats.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	if len(allowed) == 0 {
		allowed = ApplyFormats
	}
	if s == "" {
		s = Text.String()
	}
	for _, f := range allowed {
		if strings.EqualFold(s, f.String()) {
			return f, nil
		}
	}
	return Text, fmt.Errorf("unknown format %q (want %s)", s, FormatList(allowed))
}

// FormatList names formats for help and errors: "text, json or markdown".
func FormatList(fs []Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.String()
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Meta describes the run being rendered.
type Meta struct {
	Environment string
	SpecFile    string
	SpecHash    string
	ToolVersion string
	// Describe gives a one-line description of a resource ("C:\...\cacerts
	// on ads-a"); nil or "" for none.
	Describe func(resources.Addr) string
}

func (m Meta) describe(a resources.Addr) string {
	if m.Describe == nil {
		return ""
	}
	return m.Describe(a)
}

// Render returns the value as shown to people: masked when sensitive,
// "(known after apply)" when unknown.
func Render(v resources.Value) string {
	switch {
	case v.Unknown:
		return "(known after apply)"
	case v.Sensitive:
		if v.S == "" {
			return "(sensitive)"
		}
		return "(sensitive: " + v.S + ")"
	}
	return v.S
}

// RenderAttrs renders every value of a for JSON output, Internal ones left out.
func RenderAttrs(a resources.Attrs) map[string]string {
	if a == nil {
		return nil
	}
	m := make(map[string]string, len(a))
	for k, v := range a {
		if v.Internal {
			continue
		}
		m[k] = Render(v)
	}
	return m
}
