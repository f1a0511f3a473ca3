package views

import (
	"fmt"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Format is an output format.
type Format int

const (
	Text Format = iota
	JSON
)

func (f Format) String() string {
	if f == JSON {
		return "json"
	}
	return "text"
}

// ParseFormat accepts "text" and "json".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", "text":
		return Text, nil
	case "json":
		return JSON, nil
	}
	return Text, fmt.Errorf("unknown format %q (want text or json)", s)
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
