package plan

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrCycle is wrapped by the error NewGraph returns when dependencies
	// form a cycle; the error is a *CycleError naming each cycle.
	ErrCycle = errors.New("dependency cycle")
	// ErrDuplicate is wrapped when two resources share one address.
	ErrDuplicate = errors.New("duplicate resource address")
	// ErrUnknownDependency is wrapped when a resource depends on, or
	// subscribes to, an address no resource has.
	ErrUnknownDependency = errors.New("unknown dependency")
	// ErrIrreversible is wrapped when an irreversible change was refused
	// because Options.AllowIrreversible is false.
	ErrIrreversible = errors.New("irreversible change refused")
	// ErrNotConverged is wrapped when, after Apply, the resource is read and
	// planned again and the plan is not NoOp.
	ErrNotConverged = errors.New("did not converge")
	// ErrFormat is wrapped when a plan file is not an ecereconcile plan, has
	// another format version, or is not valid JSON.
	ErrFormat = errors.New("unreadable plan file")
	// ErrToolVersion is wrapped when a plan file was written by another
	// version of the tool.
	ErrToolVersion = errors.New("plan written by another tool version")
	// ErrSpecChanged is wrapped when a plan file was made from another spec.
	ErrSpecChanged = errors.New("plan made from another spec")
)

// CycleError lists every dependency cycle found in a graph. Each cycle is
// given in dependency order and ends with its first address again:
// a -> b -> a means a depends on b and b depends on a.
type CycleError struct {
	Cycles [][]resources.Addr
}

// Error renders "dependency cycle: a -> b -> a" (one cycle) or
// "2 dependency cycles: a -> b -> a; c -> c" (several).
func (e *CycleError) Error() string {
	parts := make([]string, len(e.Cycles))
	for i, c := range e.Cycles {
		parts[i] = cycleString(c)
	}
	if len(parts) == 1 {
		return "dependency cycle: " + parts[0]
	}
	return fmt.Sprintf("%d dependency cycles: %s", len(parts), strings.Join(parts, "; "))
}

// Is reports whether target is ErrCycle.
func (e *CycleError) Is(target error) bool { return target == ErrCycle }

func cycleString(c []resources.Addr) string {
	s := make([]string, len(c))
	for i, a := range c {
		s[i] = a.String()
	}
	return strings.Join(s, " -> ")
}

// messageError renders its own message but unwraps to a sentinel, so the
// text reads naturally and errors.Is still works.
type messageError struct {
	msg string
	err error
}

func (e *messageError) Error() string { return e.msg }
func (e *messageError) Unwrap() error { return e.err }

func wrapf(sentinel error, format string, args ...any) error {
	return &messageError{msg: fmt.Sprintf(format, args...), err: sentinel}
}

// Errors is several errors reported together, one per line. It unwraps to
// each of them, so errors.Is and errors.As see through it.
type Errors []error

// Error renders "N errors:" followed by one indented line per error.
func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, err := range e {
		lines[i] = err.Error()
	}
	return fmt.Sprintf("%d errors:\n  %s", len(e), strings.Join(lines, "\n  "))
}

// Unwrap returns the errors.
func (e Errors) Unwrap() []error { return e }

// flatten returns nil for no errors, the error itself for one, and Errors
// for several.
func flatten(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return Errors(errs)
}
