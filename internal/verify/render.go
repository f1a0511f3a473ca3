package verify

import (
	"encoding/json"
	"fmt"
	"github.com/ecereconcile/ecereconcile/internal/views"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Write renders rep in format f: views.JSON, or text for people.
func Write(w io.Writer, rep Report, f views.Format) error {
	if f == views.JSON {
		return JSON(w, rep)
	}
	return Text(w, rep)
}

// FormatVersion is the JSON document's format_version.
const FormatVersion = 1

// document is the JSON form of a Report.
type document struct {
	FormatVersion int            `json:"format_version"`
	ToolVersion   string         `json:"tool_version,omitempty"`
	Environment   string         `json:"environment"`
	Spec          string         `json:"spec,omitempty"`
	FQDN          string         `json:"fqdn"`
	CheckedAt     string         `json:"checked_at"`
	DurationMS    int64          `json:"duration_ms"`
	OK            bool           `json:"ok"`
	Counts        map[string]int `json:"counts"`
	Results       []Result       `json:"results"`
}

// JSON writes the report as one indented JSON document.
func JSON(w io.Writer, rep Report) error {
	counts := map[string]int{}
	for s, n := range rep.Counts() {
		counts[s.String()] = n
	}
	results := rep.Results
	if results == nil {
		results = []Result{}
	}
	doc := document{
		FormatVersion: FormatVersion,
		ToolVersion:   rep.ToolVersion,
		Environment:   rep.Environment,
		Spec:          rep.SpecFile,
		FQDN:          rep.FQDN,
		CheckedAt:     rep.CheckedAt.UTC().Format(time.RFC3339),
		DurationMS:    rep.Duration.Milliseconds(),
		OK:            rep.OK(),
		Counts:        counts,
		Results:       results,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// Text writes the report for people: a heading with the counts, one line
// per check, then every failure and error with what was found, the
// symptom and the fix, then the checks left to a person.
func Text(w io.Writer, rep Report) error {
	ew := &errWriter{w: w}
	c := rep.Counts()
	ew.printf("verify %s (%s): %d passed, %d failed, %d could not run, %d skipped\n\n",
		orDefault(rep.Environment, "environment"), rep.FQDN, c[Pass], c[Fail], c[Error], c[Skip])
	idW, subjW := 0, 0
	for _, r := range rep.Results {
		idW = max(idW, utf8.RuneCountInString(string(r.Check)))
		subjW = max(subjW, utf8.RuneCountInString(r.Subject))
	}
	for _, r := range rep.Results {
		line := r.Summary
		switch r.Status {
		case Fail:
			line = r.Code + " (below)"
		case Error:
			line = "could not run (below)"
		}
		ew.printf("%s %s  %s  %s\n", r.Status.Mark(), pad(string(r.Check), idW), pad(r.Subject, subjW), line)
	}
	section := func(title string, keep func(Result) bool, body func(Result)) {
		first := true
		for _, r := range rep.Results {
			if !keep(r) {
				continue
			}
			if first {
				ew.printf("\n%s\n", title)
				first = false
			}
			ew.printf("\n%s %s %s", r.Status.Mark(), r.Check, r.Subject)
			if r.Code != "" {
				ew.printf(": %s", r.Code)
			}
			ew.printf("\n")
			body(r)
		}
	}
	field := func(label, v string) {
		if v != "" {
			ew.printf("    %-8s %s\n", label+":", v)
		}
	}
	section("Failures:", func(r Result) bool { return r.Status == Fail }, func(r Result) {
		field("found", r.Summary)
		field("symptom", r.Symptom)
		field("fix", r.Fix)
	})
	section("Could not run:", func(r Result) bool { return r.Status == Error }, func(r Result) {
		field("why", r.Summary)
		field("fix", r.Fix)
	})
	section("Left to a person:", func(r Result) bool { return r.Status == Skip && r.Fix != "" }, func(r Result) {
		field("check", r.Fix)
	})
	if !rep.OK() {
		ew.printf("\nverify: %d check(s) failed, %d could not run\n", c[Fail], c[Error])
	}
	return ew.err
}

func pad(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
