package plan

import (
	"fmt"
	"time"
)

// DefaultParallelism is the number of resources read or applied at once
// when Options.Parallelism is zero.
const DefaultParallelism = 10

// Options tune Build and Apply. The zero value is usable.
type Options struct {
	// Parallelism bounds how many resources are read (Build) or applied
	// (Apply) at once. Zero means DefaultParallelism; a negative value is an
	// error (see ValidateParallelism).
	Parallelism int
	// Now is the clock: PlanInput.Now, notification times and durations.
	// Nil means time.Now.
	Now func() time.Time
	// Hooks observe progress. Nil means no observer.
	Hooks Hook
	// Journal keeps pending notifications across runs. Nil means an
	// in-memory journal that lives as long as the Options value it is
	// defaulted in: pass a FileJournal to survive a failed run.
	Journal Journal
	// AllowIrreversible permits applying changes marked Irreversible.
	AllowIrreversible bool
}

// ValidateParallelism checks a user-given parallelism (a CLI flag): it must
// be at least 1. The zero value of Options.Parallelism means "default", but a
// user who types 0 or a negative number made a mistake.
func ValidateParallelism(n int) error {
	if n < 1 {
		return fmt.Errorf("parallelism must be at least 1, got %d", n)
	}
	return nil
}

// withDefaults fills in the defaults documented on Options.
func (o Options) withDefaults() (Options, error) {
	switch {
	case o.Parallelism == 0:
		o.Parallelism = DefaultParallelism
	case o.Parallelism < 0:
		return o, ValidateParallelism(o.Parallelism)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Hooks == nil {
		o.Hooks = NopHook{}
	}
	if o.Journal == nil {
		o.Journal = NewMemJournal()
	}
	return o, nil
}
