package views

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/views/promtext"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// driftPlan has one resource of every drift status, and one whose address
// and environment need escaping in a label value.
func driftPlan() (*plan.Plan, resources.Addr) {
	odd := resources.Addr{Kind: "keystore", Name: `we"ird\name`, Host: "line\nbreak"}
	return &plan.Plan{Items: []*plan.Item{
		{Addr: addr("keystore.k[a]"), Change: resources.Change{Action: resources.NoOp}},
		{Addr: addr("keystore.k[b]"), Change: resources.Change{Action: resources.Update}},
		{Addr: addr("ece_ucce_integration.main"), Err: fmt.Errorf("saved integration differs: %w", resources.ErrCannotConverge)},
		{Addr: addr("ece_partition_sso.main"), Current: resources.State{Unverifiable: "unknown since the attestation"}},
		{Addr: addr("keystore.k[c]"), Err: fmt.Errorf("unreachable")},
		{Addr: addr("service.s[c]"), Skipped: true, SkipReason: plan.SkipUpstreamFailed},
		{Addr: odd, Change: resources.Change{Action: resources.Create}},
	}}, odd
}

func TestDriftPrometheusParses(t *testing.T) {
	p, odd := driftPlan()
	m := meta()
	m.Environment = `prod "EMEA" \ 1`
	checked := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	if err := DriftPrometheus(&b, p, m, DriftReport{CheckedAt: checked, Duration: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	samples, err := promtext.Parse(b.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}

	drift := map[string]float64{}
	status := map[string]string{}
	counts := map[string]float64{}
	single := map[string]float64{}
	for _, s := range samples {
		if s.Labels["environment"] != m.Environment {
			t.Errorf("%s: environment label %q, want %q", s.Name, s.Labels["environment"], m.Environment)
		}
		switch s.Name {
		case MetricResourceDrift:
			if len(s.Labels) != 5 {
				t.Errorf("resource sample with labels %v: want environment, resource, kind, host, status", s.Labels)
			}
			drift[s.Labels["resource"]] = s.Value
			status[s.Labels["resource"]] = s.Labels["status"]
		case MetricResources:
			counts[s.Labels["status"]] = s.Value
		default:
			single[s.Name] = s.Value
		}
	}
	wantDrift := map[string]struct {
		value  float64
		status DriftStatus
	}{
		"keystore.k[a]":             {0, InSync},
		"keystore.k[b]":             {1, Drifted},
		"ece_ucce_integration.main": {1, NeedsPerson},
		"ece_partition_sso.main":    {0, Unknown},
		"keystore.k[c]":             {0, Errored},
		"service.s[c]":              {0, Skipped},
		odd.String():                {1, Drifted},
	}
	for res, w := range wantDrift {
		if drift[res] != w.value || status[res] != string(w.status) {
			t.Errorf("%q: drift %v status %q, want %v %q", res, drift[res], status[res], w.value, w.status)
		}
	}
	if len(drift) != len(wantDrift) {
		t.Errorf("%d resource samples, want %d", len(drift), len(wantDrift))
	}
	for _, st := range DriftStatuses {
		want := 1.0
		if st == Drifted {
			want = 2
		}
		if counts[string(st)] != want {
			t.Errorf("count of %s = %v, want %v", st, counts[string(st)], want)
		}
	}
	wantSingle := map[string]float64{
		MetricLastCheck:      float64(checked.Unix()),
		MetricCheckDuration:  2,
		MetricCheckSucceeded: 0, // keystore.k[c] could not be read
	}
	for name, want := range wantSingle {
		if got, ok := single[name]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", name, got, ok, want)
		}
	}
}

func TestDriftPrometheusSuccess(t *testing.T) {
	tests := map[string]struct {
		items []*plan.Item
		want  string
	}{
		"all in sync": {[]*plan.Item{{Addr: addr("keystore.k[a]")}}, "1"},
		"drift is a successful check": {[]*plan.Item{{Addr: addr("keystore.k[a]"),
			Change: resources.Change{Action: resources.Update}}}, "1"},
		"needs a person is a successful check": {[]*plan.Item{{Addr: addr("keystore.k[a]"),
			Err: fmt.Errorf("x: %w", resources.ErrCannotConverge)}}, "1"},
		"a read error is not": {[]*plan.Item{{Addr: addr("keystore.k[a]"), Err: fmt.Errorf("unreachable")}}, "0"},
		"no resources":        {nil, "1"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := DriftPrometheus(&b, &plan.Plan{Items: tt.items}, meta(), DriftReport{CheckedAt: time.Unix(1, 0)}); err != nil {
				t.Fatal(err)
			}
			if _, err := promtext.Parse(b.String()); err != nil {
				t.Fatal(err)
			}
			want := MetricCheckSucceeded + `{environment="lab"} ` + tt.want + "\n"
			if !strings.Contains(b.String(), want) {
				t.Errorf("want the line %q in\n%s", want, b.String())
			}
		})
	}
}
