package spec

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/go-multierror"
)

// FieldError is one problem in a spec file, at a position and a field path
// such as "hosts[2].connection.type". Its Error() is
//
//	FILE:LINE:COL: field.path: message
//	  hint: ...
//
// where the hint line is present only when Hint is set, ":COL" is left out
// when the column is unknown (YAML syntax errors) and "field.path: " when
// the problem is not about one field.
type FieldError struct {
	File string
	Line int
	Col  int
	Path string
	Msg  string
	Hint string
}

// Error renders the error as described on the type.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("\n  hint: ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// FieldErrors returns the FieldErrors inside an error returned by Load or
// Parse, in the order they print.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var me *multierror.Error
	if errors.As(err, &me) {
		for _, e := range me.Errors {
			var fe *FieldError
			if errors.As(e, &fe) {
				out = append(out, fe)
			}
		}
		return out
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		out = append(out, fe)
	}
	return out
}

// linesFormat prints one error per line, without a header.
func linesFormat(errs []error) string {
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// errList collects the problems of one load. Errors reported while decoding
// mark their path bad; later errors at or below a bad path are dropped, so a
// field of the wrong type is not also reported as missing.
type errList struct {
	file string
	errs []*FieldError
	bad  map[string]bool
	seen map[string]bool
}

func newErrList(file string) *errList {
	return &errList{file: file, bad: map[string]bool{}, seen: map[string]bool{}}
}

// add records a problem unless it lies at or below a path that already
// failed to decode, or the same problem was already recorded.
func (l *errList) add(p Pos, path, msg, hint string) {
	if l == nil {
		return
	}
	for q := path; ; q = parentPath(q) {
		if l.bad[q] {
			return
		}
		if q == "" {
			break
		}
	}
	key := fmt.Sprintf("%d:%d:%s:%s", p.Line, p.Col, path, msg)
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.errs = append(l.errs, &FieldError{File: l.file, Line: p.Line, Col: p.Col, Path: path, Msg: msg, Hint: hint})
}

// addBad records a decoding problem and marks path bad.
func (l *errList) addBad(p Pos, path, msg, hint string) {
	l.add(p, path, msg, hint)
	l.bad[path] = true
}

// err returns the collected problems sorted by position, or nil.
func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	sorted := append([]*FieldError(nil), l.errs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Path < b.Path
	})
	me := &multierror.Error{ErrorFormat: linesFormat}
	for _, e := range sorted {
		me.Errors = append(me.Errors, e)
	}
	return me
}

// parentPath strips the last segment of a field path:
// "hosts[2].name" -> "hosts[2]" -> "hosts" -> "".
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}
