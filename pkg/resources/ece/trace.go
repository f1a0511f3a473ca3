package ece

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// KindTraceLevel is the trace level kind's name in addresses and specs.
const KindTraceLevel = "ece_trace_level"

// Attribute names of the trace level kind.
const (
	AttrProcess     = "process"
	AttrLevel       = "level"        // "4 - Info"
	AttrMaxDuration = "max_duration" // "1h"; levels 7 and 8 only
	AttrLevelSetAt  = "level_set_at" // lab: when the level was saved
	AttrWindowEnds  = "window_ends"  // levels 7 and 8: level_set_at + max_duration
)

// DbqueryLimit is how long a process may stay at 6 - Dbquery before a
// warning: the tech note says not for long, and only with TAC guidance.
const DbqueryLimit = time.Hour

// ValidateTrace checks one trace level as a spec gives it: a known process
// (exact case), a level from 1 to 8, a maximum duration for levels 7 and 8
// (ECE asks for one) and for them only.
func ValidateTrace(process string, level int, maxDuration time.Duration) error {
	if !eceadmin.IsTraceProcess(process) {
		return fmt.Errorf("trace level: unknown process %q (want one of %s)", process, strings.Join(eceadmin.TraceProcesses, ", "))
	}
	l := eceadmin.TraceLevel(level)
	switch {
	case !l.Valid():
		return fmt.Errorf("trace level of %s: %d is not a level (want 1 to 8)", process, level)
	case maxDuration < 0:
		return fmt.Errorf("trace level of %s: maximum duration %s is negative", process, maxDuration)
	case l.NeedsMaxDuration() && maxDuration == 0:
		return fmt.Errorf("trace level of %s: level %s needs a maximum duration (ECE reverts the level when it ends)", process, l)
	case !l.NeedsMaxDuration() && maxDuration != 0:
		return fmt.Errorf("trace level of %s: a maximum duration applies to levels 7 and 8 only, not to %s", process, l)
	}
	return nil
}

// TraceLevelConfig is everything one process's trace level needs.
type TraceLevelConfig struct {
	Addr      resources.Addr
	DependsOn []resources.Addr
	Backend   eceadmin.Backend
	// Process is one of eceadmin.TraceProcesses.
	Process string
	// Level is the desired maximum trace level.
	Level eceadmin.TraceLevel
	// MaxDuration is the window of a level 7 or 8; zero otherwise.
	MaxDuration time.Duration
	// BaseLevel is where an expired window goes back to; 0 means 2 - Error,
	// the ECE default. It must not be 7 or 8.
	BaseLevel eceadmin.TraceLevel
	// Now is the clock of Read's warnings; nil means time.Now. Plan uses
	// PlanInput.Now.
	Now func() time.Time
}

// TraceLevel is the maximum trace level of one ECE process. It implements
// resources.Resource and resources.Describer.
type TraceLevel struct {
	c TraceLevelConfig
}

var (
	_ resources.Resource  = (*TraceLevel)(nil)
	_ resources.Describer = (*TraceLevel)(nil)
)

// NewTraceLevel returns the resource for c.
func NewTraceLevel(c TraceLevelConfig) *TraceLevel {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.BaseLevel == 0 {
		c.BaseLevel = eceadmin.TraceError
	}
	return &TraceLevel{c: c}
}

// Addr returns the resource's address.
func (r *TraceLevel) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the resource's dependencies.
func (r *TraceLevel) DependsOn() []resources.Addr { return r.c.DependsOn }

// Describe names the process and the backend.
func (r *TraceLevel) Describe() string {
	return "ECE trace level of " + r.c.Process + " (" + r.c.Backend.Name() + " backend)"
}

// traceRead is State.Private.
type traceRead struct {
	known bool
	// lab: the stored level (0 when the process is absent) and duration,
	// with their history.
	level    eceadmin.TraceLevel
	duration time.Duration
	setAt    time.Time
	prev     eceadmin.TraceLevel // the level before, 0 when none
	prevAt   time.Time
	prevDur  time.Duration // the duration before the last change of it
	// manual: the attestation and the desired values' hash.
	att        *eceadmin.Attestation
	valuesHash string
}

// Read reads the process's level (lab) or its attestation (manual).
func (r *TraceLevel) Read(ctx context.Context) (resources.State, error) {
	b := r.c.Backend
	obs, err := b.Read(ctx, eceadmin.TraceLevels)
	if err != nil {
		return resources.State{}, fmt.Errorf("trace level of %s: reading the ECE settings (%s backend): %w", r.c.Process, b.Name(), err)
	}
	rd, err := r.parse(obs)
	if err != nil {
		return resources.State{}, err
	}
	if !obs.Known {
		sealed, err := eceadmin.Seal(ctx, b, r.task(r.c.Level, r.c.MaxDuration))
		if err != nil {
			return resources.State{}, fmt.Errorf("trace level of %s: %w", r.c.Process, err)
		}
		rd.valuesHash = sealed.ValuesHash
	}
	return r.state(rd, r.c.Now()), nil
}

// parse extracts the process's fields from what the backend returned.
func (r *TraceLevel) parse(obs eceadmin.Observed) (*traceRead, error) {
	rd := &traceRead{known: obs.Known, att: obs.Attestation(r.c.Process)}
	if !obs.Known {
		return rd, nil
	}
	levelLabel, durLabel := eceadmin.TraceLevelLabel(r.c.Process), eceadmin.TraceDurationLabel(r.c.Process)
	bad := func(err error) (*traceRead, error) {
		return nil, fmt.Errorf("trace level of %s: stored value: %w", r.c.Process, err)
	}
	if v, ok := obs.Settings[levelLabel]; ok && v != "" {
		l, err := eceadmin.ParseTraceLevel(v)
		if err != nil {
			return bad(err)
		}
		rd.level = l
	}
	d, err := eceadmin.ParseDuration(obs.Settings[durLabel])
	if err != nil {
		return bad(err)
	}
	rd.duration = d
	lm, dm := obs.Fields[levelLabel], obs.Fields[durLabel]
	rd.setAt, rd.prevAt = lm.SetAt, lm.PreviousSetAt
	if lm.Previous != "" {
		if rd.prev, err = eceadmin.ParseTraceLevel(lm.Previous); err != nil {
			return bad(err)
		}
	}
	if rd.prevDur, err = eceadmin.ParseDuration(dm.Previous); err != nil {
		return bad(err)
	}
	return rd, nil
}

// state describes what was read; now dates the warnings.
func (r *TraceLevel) state(rd *traceRead, now time.Time) resources.State {
	attrs := resources.Attrs{
		AttrBackend: resources.V(r.c.Backend.Name()),
		AttrProcess: resources.V(r.c.Process),
	}
	var warnings []string
	var unverifiable string
	exists := false
	if rd.known {
		exists = rd.level != 0
		if exists {
			attrs[AttrLevel] = resources.V(rd.level.String())
		}
		if rd.duration != 0 {
			attrs[AttrMaxDuration] = resources.V(eceadmin.FormatDuration(rd.duration))
		}
		if !rd.setAt.IsZero() {
			attrs[AttrLevelSetAt] = resources.V(stamp(rd.setAt))
			if rd.level.NeedsMaxDuration() && rd.duration > 0 {
				attrs[AttrWindowEnds] = resources.V(stamp(rd.setAt.Add(rd.duration)))
			}
		}
		if rd.level == eceadmin.TraceDbquery && !rd.setAt.IsZero() && now.Sub(rd.setAt) > DbqueryLimit {
			warnings = append(warnings, r.dbqueryWarning(rd.setAt))
		}
		if r.windowConsumed(rd) {
			warnings = append(warnings, fmt.Sprintf(
				"the %s window of %s (%s) ended at %s and %s is back at %s; change the level or the maximum duration in the spec to trace again",
				r.c.Level, r.c.Process, eceadmin.FormatDuration(r.c.MaxDuration), stamp(rd.prevAt.Add(r.c.MaxDuration)), r.c.Process, rd.level))
		}
	} else {
		exists = rd.att != nil
		attrs[AttrAttestation] = attestationAttr(rd.att)
		if a := rd.att; a != nil {
			warnings = append(warnings, unknownSince(a))
			unverifiable = unknownSince(a)
			if a.ValuesHash == rd.valuesHash {
				warnings = append(warnings, r.attestedWarnings(a, now)...)
			}
		}
	}
	extra := map[string]string{}
	if rd.att != nil {
		extra["attested values"] = rd.att.ValuesHash
	}
	return resources.State{Exists: exists, Attrs: attrs, Fingerprint: fingerprint(exists, attrs, extra), Warnings: warnings, Unverifiable: unverifiable, Private: rd}
}

// attestedWarnings are the manual backend's warnings about an attested
// level that matches the spec.
func (r *TraceLevel) attestedWarnings(a *eceadmin.Attestation, now time.Time) []string {
	switch {
	case r.c.Level == eceadmin.TraceDbquery && now.Sub(a.When) > DbqueryLimit:
		return []string{r.dbqueryWarning(a.When)}
	case r.c.Level.NeedsMaxDuration() && !now.Before(a.When.Add(r.c.MaxDuration)):
		return []string{fmt.Sprintf("the %s window of %s ended at %s; ECE has put the process back to the level set before it",
			r.c.Level, r.c.Process, stamp(a.When.Add(r.c.MaxDuration)))}
	}
	return nil
}

func (r *TraceLevel) dbqueryWarning(since time.Time) string {
	return fmt.Sprintf("%s has been at %s since %s (more than %s): the tech note says not to keep a process at Dbquery for long, and only with TAC guidance",
		r.c.Process, eceadmin.TraceDbquery, stamp(since), eceadmin.FormatDuration(DbqueryLimit))
}

// task is the operator task setting level and duration.
func (r *TraceLevel) task(level eceadmin.TraceLevel, d time.Duration) eceadmin.Task {
	notes := []string{
		"Sign in to the system partition (partition 0, usually https://<ECE FQDN>/system) as sa and select System.",
		"Select the process in the top right pane. With HA or several application servers it is listed once per server: set every row.",
		"Choose the level in Maximum trace level in the bottom right pane (and a maximum duration for levels 7 and 8), then save.",
	}
	if level == eceadmin.TraceDbquery {
		notes = append(notes, "Do not keep a process at 6 - Dbquery for long, and only with TAC guidance.")
	}
	return eceadmin.Task{
		Section:     eceadmin.TraceLevels,
		Scope:       r.c.Process,
		Title:       "Trace level of " + r.c.Process,
		ConsolePath: append(eceadmin.TraceLevels.ConsolePath(), r.c.Process),
		Fields: []eceadmin.Field{
			{Label: eceadmin.TraceLevelLabel(r.c.Process), Value: level.String()},
			{Label: eceadmin.TraceDurationLabel(r.c.Process), Value: eceadmin.FormatDuration(d)},
		},
		Notes: notes,
	}
}

// tracePlanned is Change.Private: the level and duration Apply sets.
type tracePlanned struct {
	level    eceadmin.TraceLevel
	duration time.Duration
}

// Apply sets the planned level and duration through the backend.
func (r *TraceLevel) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	if ch.Action == resources.NoOp {
		return r.Read(ctx)
	}
	p, ok := ch.Private.(*tracePlanned)
	if !ok {
		return resources.State{}, fmt.Errorf("trace level of %s: change was not planned by this resource: plan again", r.c.Process)
	}
	b := r.c.Backend
	sealed, err := eceadmin.Seal(ctx, b, r.task(p.level, p.duration))
	if err != nil {
		return resources.State{}, fmt.Errorf("trace level of %s: %w", r.c.Process, err)
	}
	obs, err := b.Apply(ctx, eceadmin.TraceLevels, sealed)
	if err != nil {
		return resources.State{}, fmt.Errorf("trace level of %s: %w", r.c.Process, err)
	}
	rd, err := r.parse(obs)
	if err != nil {
		return resources.State{}, err
	}
	rd.valuesHash = sealed.ValuesHash
	return r.state(rd, r.c.Now()), nil
}
