package plan

import (
	"fmt"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Result is what Apply did: one Outcome per resource, in topological order.
type Result struct {
	Items []*Outcome

	index map[resources.Addr]*Outcome
}

// Outcome is what Apply did to one resource.
//
//	Status     Err                     Final                    Change
//	Unchanged  nil                     the planned Current      the (re-)planned NoOp
//	Applied    nil                     read again after Apply   the change applied
//	Failed     why, without address    Current, or the state    the change attempted
//	                                   read after Apply
//	Skipped    nil (see SkipReason)    the planned Current      the planned change
type Outcome struct {
	Addr       resources.Addr
	Status     Status
	Err        error
	SkipReason string
	Final      resources.State
	Change     resources.Change
	// Triggers the resource was applied with, including subscribed
	// resources that changed during this run.
	Triggers []resources.Trigger
	// Duration measured with Options.Now.
	Duration time.Duration
}

// Outcome returns the outcome for addr, or nil.
func (r *Result) Outcome(addr resources.Addr) *Outcome { return r.index[addr] }

// Failed returns the failed outcomes, in order. Skipped ones are not
// failures: they are reported by the failure they follow from.
func (r *Result) Failed() []*Outcome { return r.with(Failed) }

// Count returns how many outcomes have status s.
func (r *Result) Count(s Status) int { return len(r.with(s)) }

// Err returns the failures only, each prefixed with its address: nil, one
// error, or Errors (one line per failure). errors.Is sees through it, so
// errors.Is(r.Err(), ErrNotConverged) works.
func (r *Result) Err() error {
	var errs []error
	for _, o := range r.Failed() {
		errs = append(errs, fmt.Errorf("%s: %w", o.Addr, o.Err))
	}
	return flatten(errs)
}

func (r *Result) with(s Status) []*Outcome {
	var out []*Outcome
	for _, o := range r.Items {
		if o.Status == s {
			out = append(out, o)
		}
	}
	return out
}
