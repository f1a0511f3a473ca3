package eceadmin

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// RenderTask writes the operator task for people: the console path as a
// breadcrumb, then a table of label and value per group, then the notes.
// Secrets appear as their reference, never resolved; an empty value is
// "(leave empty)".
func RenderTask(w io.Writer, t Task) error {
	ew := &errWriter{w: w}
	title := t.Title
	if title == "" {
		title = t.Section.Title()
	}
	ew.printf("ECE operator task: %s\n", title)
	if t.Scope != "" {
		ew.printf("Scope: %s\n", t.Scope)
	}
	ew.printf("\nGo to:  %s\n", strings.Join(t.ConsolePath, " > "))
	ew.printf("\nEnter these values:\n")

	width := utf8.RuneCountInString("Field")
	for _, f := range t.Fields {
		width = max(width, utf8.RuneCountInString(f.Label))
	}
	group := "\x00"
	for _, f := range t.Fields {
		if f.Group != group {
			group = f.Group
			ew.printf("\n")
			if group != "" {
				ew.printf("  [%s]\n", group)
			}
			ew.printf("  %s  %s\n", pad("Field", width), "Value")
			ew.printf("  %s  %s\n", strings.Repeat("-", width), strings.Repeat("-", 5))
		}
		ew.printf("  %s  %s\n", pad(f.Label, width), displayValue(f))
	}
	if len(t.Notes) > 0 {
		ew.printf("\nNotes:\n")
		for _, n := range t.Notes {
			ew.printf("  - %s\n", n)
		}
	}
	if t.ValuesHash != "" {
		ew.printf("\nValues hash (recorded with your confirmation): %s\n", t.ValuesHash)
	}
	return ew.err
}

// displayValue is the value column of a field.
func displayValue(f Field) string {
	switch {
	case f.Value == "":
		return "(leave empty)"
	case f.Secret:
		return "(secret) the value of " + f.Value
	}
	return f.Value
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
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
