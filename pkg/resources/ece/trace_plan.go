package ece

import (
	"errors"
	"fmt"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Plan decides from what Read gathered and in.Now. It is pure.
//
// With the lab backend (W is the wanted level, M its maximum duration, B
// the base level):
//
//	stored                                                  decision
//	level != W, W's window not consumed                     Update to W, M (LevelDiffers)
//	level == W >= 7, set at least M ago                     Update to B (TraceWindowExpired)
//	level == W >= 7, duration != M                          Update the duration (DurationDiffers)
//	level == W >= 7, set less than M ago                    NoOp
//	level == B, the level before was W with duration M      NoOp (the window was consumed;
//	  and it lasted at least M                              Read warns)
//	level == W < 7, a stale duration stored                 Update (DurationDiffers)
//
// With the manual backend: no attestation, Create (NotAttested); attested
// values not the wanted ones, Update (ValuesChangedSinceAttestation);
// otherwise NoOp. An expired window is not planned back: ECE reverts it by
// itself, and Read warns.
func (r *TraceLevel) Plan(in resources.PlanInput) (resources.Change, error) {
	cur := in.Current
	rd, ok := cur.Private.(*traceRead)
	if !ok || rd == nil {
		return resources.Change{}, fmt.Errorf("trace level of %s: the ECE settings were not read", r.c.Process)
	}
	if err := r.invalid(); err != nil {
		return failPlan(r.c.Addr, cur, InvalidSettings, err)
	}
	if !rd.known {
		return r.planManual(cur, rd)
	}

	want, max, base := r.c.Level, r.c.MaxDuration, r.c.BaseLevel
	to := func(level eceadmin.TraceLevel, d time.Duration, code, msg string) (resources.Change, error) {
		return change(r.c.Addr, cur, r.after(level, d), []resources.Reason{{Code: code, Message: msg}},
			&tracePlanned{level: level, duration: d}), nil
	}
	switch {
	case rd.level == want && want.NeedsMaxDuration():
		if ends := rd.setAt.Add(max); !in.Now.Before(ends) {
			return to(base, 0, TraceWindowExpired, fmt.Sprintf("%s has been at %s since %s; its window of %s ended at %s: back to %s",
				r.c.Process, want, stamp(rd.setAt), eceadmin.FormatDuration(max), stamp(ends), base))
		}
		if rd.duration != max {
			return to(want, max, DurationDiffers, fmt.Sprintf("the maximum duration of %s is %s, want %s (the window runs from %s)",
				r.c.Process, durationOrNone(rd.duration), eceadmin.FormatDuration(max), stamp(rd.setAt)))
		}
		return resources.NoChange(r.c.Addr, cur), nil
	case rd.level == want:
		if rd.duration != 0 {
			return to(want, 0, DurationDiffers, fmt.Sprintf("%s holds a maximum duration of %s, which applies to levels 7 and 8 only; it is cleared",
				r.c.Process, eceadmin.FormatDuration(rd.duration)))
		}
		return resources.NoChange(r.c.Addr, cur), nil
	case r.windowConsumed(rd):
		return resources.NoChange(r.c.Addr, cur), nil
	}
	return to(want, max, LevelDiffers, fmt.Sprintf("%s is at %s, want %s", r.c.Process, levelOrNone(rd.level), want))
}

// windowConsumed reports whether the wanted level 7 or 8 window already ran
// its course: the process is back at the base level, and the level before
// was the wanted one, with the wanted duration, for at least that long.
func (r *TraceLevel) windowConsumed(rd *traceRead) bool {
	want, max := r.c.Level, r.c.MaxDuration
	return want.NeedsMaxDuration() && rd.level == r.c.BaseLevel && rd.level != want &&
		rd.prev == want && rd.prevDur == max && !rd.prevAt.IsZero() &&
		!rd.setAt.Before(rd.prevAt.Add(max))
}

// planManual compares the attestation with the wanted values' hash.
func (r *TraceLevel) planManual(cur resources.State, rd *traceRead) (resources.Change, error) {
	var reason resources.Reason
	switch a := rd.att; {
	case a == nil:
		reason = resources.Reason{Code: NotAttested, Message: fmt.Sprintf(
			"no operator has attested the trace level of %s; setting it to %s is an operator task", r.c.Process, r.c.Level)}
	case a.ValuesHash != rd.valuesHash:
		reason = resources.Reason{Code: ValuesChangedSinceAttestation, Message: fmt.Sprintf(
			"%s attested other values for %s at %s; want %s", a.Who, r.c.Process, stamp(a.When), r.c.Level)}
	default:
		return resources.NoChange(r.c.Addr, cur), nil
	}
	after := r.after(r.c.Level, r.c.MaxDuration)
	delete(after, AttrLevelSetAt)
	delete(after, AttrWindowEnds)
	after[AttrAttestation] = resources.UnknownValue()
	return change(r.c.Addr, cur, after, []resources.Reason{reason},
		&tracePlanned{level: r.c.Level, duration: r.c.MaxDuration}), nil
}

// after is the lab state once level and d are set.
func (r *TraceLevel) after(level eceadmin.TraceLevel, d time.Duration) resources.Attrs {
	out := resources.Attrs{
		AttrBackend:    resources.V(r.c.Backend.Name()),
		AttrProcess:    resources.V(r.c.Process),
		AttrLevel:      resources.V(level.String()),
		AttrLevelSetAt: resources.UnknownValue(),
	}
	if d != 0 {
		out[AttrMaxDuration] = resources.V(eceadmin.FormatDuration(d))
		out[AttrWindowEnds] = resources.UnknownValue()
	}
	return out
}

// invalid checks the configuration as ValidateTrace does, and the base.
func (r *TraceLevel) invalid() error {
	if err := ValidateTrace(r.c.Process, int(r.c.Level), r.c.MaxDuration); err != nil {
		return err
	}
	if b := r.c.BaseLevel; !b.Valid() || b.NeedsMaxDuration() {
		return errors.New("trace level of " + r.c.Process + ": base level " + b.String() + " must be 1 to 6")
	}
	return nil
}

func levelOrNone(l eceadmin.TraceLevel) string {
	if l == 0 {
		return "no level"
	}
	return l.String()
}

func durationOrNone(d time.Duration) string {
	if d == 0 {
		return "none"
	}
	return eceadmin.FormatDuration(d)
}
