package ece

import (
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

const eaas = "EAAS-process"

var traceAddr = resources.Addr{Kind: KindTraceLevel, Name: "eaas"}

func TestValidateTrace(t *testing.T) {
	tests := map[string]struct {
		process string
		level   int
		max     time.Duration
		wantErr string
	}{
		"info":                         {process: eaas, level: 4},
		"debug with a window":          {process: "dx-process", level: 7, max: time.Hour},
		"trace with a window":          {process: "rx-process", level: 8, max: 30 * time.Minute},
		"debug without a window":       {process: eaas, level: 7, wantErr: "level 7 - Debug needs a maximum duration"},
		"trace without a window":       {process: eaas, level: 8, wantErr: "level 8 - Trace needs a maximum duration"},
		"window on a lower level":      {process: eaas, level: 4, max: time.Hour, wantErr: "applies to levels 7 and 8 only"},
		"negative window":              {process: eaas, level: 7, max: -time.Hour, wantErr: "is negative"},
		"level 0":                      {process: eaas, level: 0, wantErr: "0 is not a level"},
		"level 9":                      {process: eaas, level: 9, wantErr: "9 is not a level"},
		"unknown process":              {process: "EAAS", level: 4, wantErr: `unknown process "EAAS"`},
		"process names are exact":      {process: "eaas-process", level: 4, wantErr: "unknown process"},
		"dbquery is valid (a warning)": {process: "EAMS-process", level: 6},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := ValidateTrace(tt.process, tt.level, tt.max)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// stored is a lab trace section for EAAS-process.
type stored struct {
	level, prev      string
	dur, prevDur     string
	setAt, prevSetAt time.Time
	absent           bool
}

func (s stored) observed() eceadmin.Observed {
	if s.absent {
		return eceadmin.Observed{Known: true, Settings: eceadmin.Settings{}}
	}
	l, d := eceadmin.TraceLevelLabel(eaas), eceadmin.TraceDurationLabel(eaas)
	return eceadmin.Observed{
		Known:    true,
		Settings: eceadmin.Settings{l: s.level, d: s.dur},
		Fields: map[string]eceadmin.FieldMeta{
			l: {SetAt: s.setAt, Previous: s.prev, PreviousSetAt: s.prevSetAt},
			d: {SetAt: s.setAt, Previous: s.prevDur},
		},
	}
}

func TestTraceLevelPlan(t *testing.T) {
	type want struct {
		action  resources.Action
		codes   []string
		level   string // After's level, when a change
		err     string
		warning string
	}
	r0 := NewTraceLevel(TraceLevelConfig{Addr: traceAddr, Backend: manualStub, Process: eaas, Level: eceadmin.TraceDebug, MaxDuration: time.Hour})
	debugHash := seal(t, r0.task(eceadmin.TraceDebug, time.Hour))
	attested := func(hash string, when time.Time) eceadmin.Observed {
		return eceadmin.Observed{Attested: []eceadmin.Attestation{{Section: eceadmin.TraceLevels, Scope: eaas, Who: "bob", When: when, ValuesHash: hash}}}
	}
	tests := map[string]struct {
		backend stub
		level   eceadmin.TraceLevel
		max     time.Duration
		base    eceadmin.TraceLevel
		obs     eceadmin.Observed
		now     time.Time
		want    want
	}{
		"raise to info": {backend: labStub, level: 4, obs: stored{level: "2 - Error"}.observed(), now: t0,
			want: want{action: resources.Update, codes: []string{LevelDiffers}, level: "4 - Info"}},
		"info in sync": {backend: labStub, level: 4, obs: stored{level: "4 - Info", setAt: t0}.observed(), now: t0.Add(48 * time.Hour),
			want: want{action: resources.NoOp}},
		"process absent": {backend: labStub, level: 4, obs: stored{absent: true}.observed(), now: t0,
			want: want{action: resources.Create, codes: []string{LevelDiffers}, level: "4 - Info"}},
		"stale duration on a lower level": {backend: labStub, level: 4, obs: stored{level: "4 - Info", dur: "1h"}.observed(), now: t0,
			want: want{action: resources.Update, codes: []string{DurationDiffers}, level: "4 - Info"}},
		"open a debug window": {backend: labStub, level: 7, max: time.Hour, obs: stored{level: "2 - Error"}.observed(), now: t0,
			want: want{action: resources.Update, codes: []string{LevelDiffers}, level: "7 - Debug"}},
		"debug window running": {backend: labStub, level: 7, max: time.Hour, obs: stored{level: "7 - Debug", dur: "1h", setAt: t0}.observed(), now: t0.Add(59 * time.Minute),
			want: want{action: resources.NoOp}},
		"debug window expired": {backend: labStub, level: 7, max: time.Hour, obs: stored{level: "7 - Debug", dur: "1h", setAt: t0}.observed(), now: t0.Add(time.Hour),
			want: want{action: resources.Update, codes: []string{TraceWindowExpired}, level: "2 - Error"}},
		"expired window goes back to the base": {backend: labStub, level: 8, max: time.Hour, base: 4, obs: stored{level: "8 - Trace", dur: "1h", setAt: t0}.observed(), now: t0.Add(2 * time.Hour),
			want: want{action: resources.Update, codes: []string{TraceWindowExpired}, level: "4 - Info"}},
		"window lengthened": {backend: labStub, level: 7, max: 2 * time.Hour, obs: stored{level: "7 - Debug", dur: "1h", setAt: t0}.observed(), now: t0.Add(90 * time.Minute),
			want: want{action: resources.Update, codes: []string{DurationDiffers}, level: "7 - Debug"}},
		"window consumed": {backend: labStub, level: 7, max: time.Hour,
			obs: stored{level: "2 - Error", prev: "7 - Debug", prevDur: "1h", setAt: t0.Add(time.Hour), prevSetAt: t0}.observed(), now: t0.Add(5 * time.Hour),
			want: want{action: resources.NoOp, warning: "window of EAAS-process (1h) ended at 2026-11-22T11:00:00Z"}},
		"window cut short by someone": {backend: labStub, level: 7, max: time.Hour,
			obs: stored{level: "2 - Error", prev: "7 - Debug", prevDur: "1h", setAt: t0.Add(10 * time.Minute), prevSetAt: t0}.observed(), now: t0.Add(20 * time.Minute),
			want: want{action: resources.Update, codes: []string{LevelDiffers}, level: "7 - Debug"}},
		"another window wanted": {backend: labStub, level: 7, max: 2 * time.Hour,
			obs: stored{level: "2 - Error", prev: "7 - Debug", prevDur: "1h", setAt: t0.Add(time.Hour), prevSetAt: t0}.observed(), now: t0.Add(5 * time.Hour),
			want: want{action: resources.Update, codes: []string{LevelDiffers}, level: "7 - Debug"}},
		"dbquery held too long": {backend: labStub, level: 6, obs: stored{level: "6 - Dbquery", setAt: t0}.observed(), now: t0.Add(2 * time.Hour),
			want: want{action: resources.NoOp, warning: "has been at 6 - Dbquery since 2026-11-22T10:00:00Z (more than 1h)"}},
		"manual: not attested": {backend: manualStub, level: 7, max: time.Hour, obs: eceadmin.Observed{}, now: t0,
			want: want{action: resources.Create, codes: []string{NotAttested}, level: "7 - Debug"}},
		"manual: other values attested": {backend: manualStub, level: 7, max: time.Hour, obs: attested("hmac-sha256:x", t0), now: t0,
			want: want{action: resources.Update, codes: []string{ValuesChangedSinceAttestation}, level: "7 - Debug"}},
		"manual: attested": {backend: manualStub, level: 7, max: time.Hour, obs: attested(debugHash, t0), now: t0.Add(time.Minute),
			want: want{action: resources.NoOp, warning: "unknown since the attestation by bob"}},
		"manual: attested window ended, ECE reverted it": {backend: manualStub, level: 7, max: time.Hour, obs: attested(debugHash, t0), now: t0.Add(3 * time.Hour),
			want: want{action: resources.NoOp, warning: "ECE has put the process back to the level set before it"}},
		"debug without a window": {backend: labStub, level: 7, obs: stored{level: "2 - Error"}.observed(), now: t0,
			want: want{codes: []string{InvalidSettings}, err: "needs a maximum duration"}},
		"base level with a window": {backend: labStub, level: 4, base: 7, obs: stored{level: "2 - Error"}.observed(), now: t0,
			want: want{codes: []string{InvalidSettings}, err: "base level 7 - Debug must be 1 to 6"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r := NewTraceLevel(TraceLevelConfig{Addr: traceAddr, Backend: tt.backend, Process: eaas,
				Level: tt.level, MaxDuration: tt.max, BaseLevel: tt.base})
			rd, err := r.parse(tt.obs)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.obs.Known {
				rd.valuesHash = debugHash
			}
			cur := r.state(rd, tt.now)
			ch, err := r.Plan(resources.PlanInput{Current: cur, Now: tt.now})
			checkCodes(t, ch, tt.want.codes)
			if tt.want.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want.err) {
					t.Fatalf("err = %v, want %q", err, tt.want.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ch.Action != tt.want.action {
				t.Errorf("action = %s, want %s (%v)", ch.Action.Word(), tt.want.action.Word(), ch.Reasons)
			}
			if tt.want.level != "" {
				if got := ch.After[AttrLevel].S; got != tt.want.level {
					t.Errorf("after level = %q, want %q", got, tt.want.level)
				}
				if p, ok := ch.Private.(*tracePlanned); !ok || p.level.String() != tt.want.level {
					t.Errorf("private = %+v", ch.Private)
				}
			}
			if tt.want.warning != "" && !strings.Contains(strings.Join(cur.Warnings, "\n"), tt.want.warning) {
				t.Errorf("warnings %q lack %q", cur.Warnings, tt.want.warning)
			}
		})
	}
}

func TestTraceLevelReadRejectsCorruptStore(t *testing.T) {
	r := NewTraceLevel(TraceLevelConfig{Addr: traceAddr, Backend: labStub, Process: eaas, Level: 4})
	if _, err := r.parse(stored{level: "11 - Loud"}.observed()); err == nil {
		t.Error("want an error for an unknown stored level")
	}
}
