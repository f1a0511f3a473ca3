package plan

import "fmt"

// Status is what happened to one resource during Apply.
type Status int

const (
	// Unchanged: nothing needed doing; Apply was not called.
	Unchanged Status = iota
	// Applied: Apply was called, and reading and planning again found
	// nothing left to do.
	Applied
	// Failed: the resource's own read, plan, apply or convergence check
	// failed, or its change was refused.
	Failed
	// Skipped: not attempted, because a dependency failed or was skipped
	// ("upstream failed") or the run was cancelled.
	Skipped
)

// Reasons an item or outcome was skipped.
const (
	// SkipUpstreamFailed: a dependency failed or was itself skipped.
	SkipUpstreamFailed = "upstream failed"
	// SkipCanceled: the run was cancelled before the resource started.
	SkipCanceled = "run canceled"
)

// String returns the status as a lowercase word.
func (s Status) String() string {
	switch s {
	case Unchanged:
		return "unchanged"
	case Applied:
		return "applied"
	case Failed:
		return "failed"
	case Skipped:
		return "skipped"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// MarshalText renders the status as its String, for JSON views.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
