package spogjs

import (
	"fmt"
	"sort"
	"strings"
)

// The names tech note step 3 sets.
const (
	NameProtocol   = "web_server_protocol"
	NameServerName = "web_server_name"
)

// Assignment is one assignment to a name found in the file.
type Assignment struct {
	Name string
	// Line is the 1-based line of the assigned name.
	Line int
	// Plain is true when the value is a single quoted string literal that
	// ends the expression; only plain assignments can be edited.
	Plain bool
	// For a plain assignment: the raw text between the quotes, the byte
	// offsets of that text in the source, and the quote character.
	Value      string
	Start, End int
	Quote      byte
}

// File is a parsed spog_config.js.
type File struct {
	assigns map[string][]Assignment
}

// Parse finds the assignments in src. It fails only when src cannot be
// split into tokens (an unterminated string or comment); a name assigned
// zero or several times is reported by [File.Check].
func Parse(src []byte) (*File, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	f := &File{assigns: map[string][]Assignment{}}
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent {
			continue
		}
		if i > 0 && toks[i-1].kind == tokPunct && (toks[i-1].text == "." || toks[i-1].text == "?.") {
			continue // a property, not a variable
		}
		op := toks[i+1]
		if op.kind != tokPunct || !isAssignOp(op.text) {
			continue
		}
		a := Assignment{Name: t.text, Line: t.line}
		if op.text == "=" && i+3 < len(toks) {
			v, after := toks[i+2], toks[i+3]
			if v.kind == tokString && endsExpression(after) {
				a.Plain = true
				a.Value = string(src[v.start:v.end])
				a.Start, a.End, a.Quote = v.start, v.end, v.quote
			}
		}
		f.assigns[t.text] = append(f.assigns[t.text], a)
	}
	return f, nil
}

// isAssignOp reports whether p assigns to its left operand.
func isAssignOp(p string) bool {
	switch p {
	case "=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??=":
		return true
	}
	return false
}

// endsExpression reports whether t, following a string literal, ends the
// expression the string is part of.
func endsExpression(t token) bool {
	switch t.kind {
	case tokEOF:
		return true
	case tokPunct:
		switch t.text {
		case ";", ",", ")", "]", "}":
			return true
		}
		return false
	case tokIdent:
		// A new statement on a new line (automatic semicolon insertion),
		// unless the word is a binary operator.
		return t.nlBefore && t.text != "in" && t.text != "instanceof"
	case tokString, tokNumber:
		return t.nlBefore
	}
	return false
}

// Assignments returns every assignment to name, in source order.
func (f *File) Assignments(name string) []Assignment {
	return append([]Assignment(nil), f.assigns[name]...)
}

// Get returns the value of name and its line when name is assigned exactly
// once, as a plain string; ok is false otherwise (see [File.Check] for why).
func (f *File) Get(name string) (value string, line int, ok bool) {
	a, err := f.lookup(name)
	if err != nil {
		return "", 0, false
	}
	return a.Value, a.Line, true
}

// Check returns nil when name is assigned exactly once, as a plain string,
// and otherwise an *AssignmentError saying what is wrong and where.
func (f *File) Check(name string) error {
	_, err := f.lookup(name)
	return err
}

func (f *File) lookup(name string) (Assignment, error) {
	as := f.assigns[name]
	switch {
	case len(as) == 0:
		return Assignment{}, &AssignmentError{Name: name, Problem: Missing}
	case len(as) > 1:
		lines := make([]int, len(as))
		for i, a := range as {
			lines[i] = a.Line
		}
		return Assignment{}, &AssignmentError{Name: name, Problem: Duplicate, Lines: lines}
	case !as[0].Plain:
		return Assignment{}, &AssignmentError{Name: name, Problem: NotPlain, Lines: []int{as[0].Line}}
	}
	return as[0], nil
}

// Set returns src with the value of every name in values replaced. Only the
// bytes between each assignment's quotes change. Every name must pass
// [File.Check] and every value [CheckValue]; otherwise Set returns all the
// problems and no output.
func Set(src []byte, values map[string]string) ([]byte, error) {
	f, err := Parse(src)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)

	var errs []error
	var edits []Assignment
	for _, n := range names {
		a, err := f.lookup(n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := CheckValue(values[n], a.Quote); err != nil {
			errs = append(errs, fmt.Errorf("%s on line %d: %w", n, a.Line, err))
			continue
		}
		edits = append(edits, a)
	}
	if len(errs) > 0 {
		return nil, &SetError{Errs: errs}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })

	out := make([]byte, 0, len(src)+64)
	prev := 0
	for _, a := range edits {
		out = append(out, src[prev:a.Start]...)
		out = append(out, values[a.Name]...)
		prev = a.End
	}
	return append(out, src[prev:]...), nil
}

// CheckValue returns an error when v cannot be written between quote
// characters q without escaping: it contains q, a backslash or a line break.
func CheckValue(v string, q byte) error {
	switch {
	case strings.IndexByte(v, q) >= 0:
		return fmt.Errorf("value contains the quote character %c", q)
	case strings.Contains(v, `\`):
		return fmt.Errorf("value contains a backslash")
	case strings.ContainsAny(v, "\r\n\u2028\u2029"):
		return fmt.Errorf("value contains a line break")
	}
	return nil
}
