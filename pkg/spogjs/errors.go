package spogjs

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is what is wrong with the assignments to a name.
type Problem int

const (
	// Missing: the name is never assigned (outside comments and strings).
	Missing Problem = iota + 1
	// Duplicate: the name is assigned more than once; which one the browser
	// uses depends on the code, so none is edited.
	Duplicate
	// NotPlain: the name is assigned something other than one quoted string
	// (a template, a concatenation, another variable, a compound "+=").
	NotPlain
)

// String names the problem.
func (p Problem) String() string {
	switch p {
	case Missing:
		return "missing"
	case Duplicate:
		return "duplicate"
	case NotPlain:
		return "not a plain string"
	}
	return "unknown"
}

// AssignmentError says why a name cannot be read or edited.
type AssignmentError struct {
	Name    string
	Problem Problem
	Lines   []int // the lines of the assignments found, in order
}

func (e *AssignmentError) Error() string {
	switch e.Problem {
	case Missing:
		return fmt.Sprintf("%s is not assigned (outside comments)", e.Name)
	case Duplicate:
		return fmt.Sprintf("%s is assigned %d times, on lines %s", e.Name, len(e.Lines), joinLines(e.Lines))
	case NotPlain:
		return fmt.Sprintf("%s on line %s is not assigned a plain quoted string", e.Name, joinLines(e.Lines))
	}
	return fmt.Sprintf("%s: %s", e.Name, e.Problem)
}

// SetError lists every problem [Set] found, at most one per name, in name
// order. errors.As reaches each *AssignmentError through Unwrap.
type SetError struct {
	Errs []error
}

func (e *SetError) Error() string {
	s := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		s[i] = err.Error()
	}
	return strings.Join(s, "; ")
}

// Unwrap returns the individual problems.
func (e *SetError) Unwrap() []error { return e.Errs }

// joinLines renders 3, 9 and 12.
func joinLines(lines []int) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = strconv.Itoa(l)
	}
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
