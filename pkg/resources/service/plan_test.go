package service

import (
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

var (
	addr     = resources.Addr{Kind: Kind, Name: "tomcat", Host: "ads-a"}
	cacerts  = resources.Addr{Kind: "keystore", Name: "ads_cacerts", Host: "ads-a"}
	other    = resources.Addr{Kind: "keystore", Name: "extra", Host: "ads-a"}
	since    = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)
	running  = stateOf("Apache Tomcat", host.ServiceStatus{Name: "Apache Tomcat", Exists: true, Running: true, StartedAt: since})
	stopped  = stateOf("Apache Tomcat", host.ServiceStatus{Name: "Apache Tomcat", Exists: true})
	notFound = stateOf("Apache Tomcat", host.ServiceStatus{Name: "Apache Tomcat"})
)

func TestPlan(t *testing.T) {
	tests := map[string]struct {
		current      resources.State
		triggers     []resources.Trigger
		wantAction   resources.Action
		wantReasons  []resources.Reason
		wantErr      string
		wantRestart  bool
		wantAfterRun string
	}{
		"running, no triggers": {
			current:    running,
			wantAction: resources.NoOp,
		},
		"fresh trigger": {
			current:     running,
			triggers:    []resources.Trigger{{From: cacerts}},
			wantAction:  resources.Update,
			wantReasons: []resources.Reason{{Code: Notified, Message: "keystore.ads_cacerts[ads-a] changed"}},
			wantRestart: true, wantAfterRun: "true",
		},
		"pending trigger from an earlier run": {
			current:    running,
			triggers:   []resources.Trigger{{From: cacerts, Since: since.In(time.FixedZone("CET", 3600))}},
			wantAction: resources.Update,
			wantReasons: []resources.Reason{{Code: PendingRestart,
				Message: "restart pending since 2026-11-22T10:46:00Z (keystore.ads_cacerts[ads-a] changed in an earlier run)"}},
			wantRestart: true, wantAfterRun: "true",
		},
		"one reason per trigger": {
			current:    running,
			triggers:   []resources.Trigger{{From: cacerts, Since: since}, {From: other}},
			wantAction: resources.Update,
			wantReasons: []resources.Reason{
				{Code: PendingRestart, Message: "restart pending since 2026-11-22T10:46:00Z (keystore.ads_cacerts[ads-a] changed in an earlier run)"},
				{Code: Notified, Message: "keystore.extra[ads-a] changed"},
			},
			wantRestart: true, wantAfterRun: "true",
		},
		"stopped, no triggers": {
			current:      stopped,
			wantAction:   resources.Update,
			wantReasons:  []resources.Reason{{Code: NotRunning, Message: "Apache Tomcat is not running: will be started"}},
			wantAfterRun: "true",
		},
		"stopped and notified": {
			current:    stopped,
			triggers:   []resources.Trigger{{From: cacerts}},
			wantAction: resources.Update,
			wantReasons: []resources.Reason{
				{Code: Notified, Message: "keystore.ads_cacerts[ads-a] changed"},
				{Code: NotRunning, Message: "Apache Tomcat is not running: will be started"},
			},
			wantRestart: true, wantAfterRun: "true",
		},
		"missing": {
			current:     notFound,
			triggers:    []resources.Trigger{{From: cacerts}},
			wantReasons: []resources.Reason{{Code: ServiceMissing, Message: "service Apache Tomcat not found on ads-a"}},
			wantErr:     "service Apache Tomcat not found on ads-a",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := New(Config{Addr: addr, Subscribes: []resources.Addr{cacerts, other}, Service: "Apache Tomcat"})
			ch, err := r.Plan(resources.PlanInput{Current: tc.current, Triggers: tc.triggers, Now: since})
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("Plan error = %v, want %q", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatalf("Plan: %v", err)
			} else if ch.Action != tc.wantAction {
				t.Errorf("Action = %s, want %s", ch.Action.Word(), tc.wantAction.Word())
			}
			if ch.Addr != addr {
				t.Errorf("Addr = %v", ch.Addr)
			}
			if len(ch.Reasons) != len(tc.wantReasons) {
				t.Fatalf("Reasons = %v, want %v", ch.Reasons, tc.wantReasons)
			}
			for i := range ch.Reasons {
				if ch.Reasons[i] != tc.wantReasons[i] {
					t.Errorf("Reasons[%d] = %+v, want %+v", i, ch.Reasons[i], tc.wantReasons[i])
				}
			}
			if got := ch.After[AttrRestart].S == "yes"; got != tc.wantRestart {
				t.Errorf("After[restart] = %q, want restart %v", ch.After[AttrRestart].S, tc.wantRestart)
			}
			if _, ok := ch.Before[AttrRestart]; ok {
				t.Errorf("Before holds %q", AttrRestart)
			}
			if tc.wantAfterRun != "" && ch.After[AttrRunning].S != tc.wantAfterRun {
				t.Errorf("After[running] = %q, want %q", ch.After[AttrRunning].S, tc.wantAfterRun)
			}
		})
	}
}

func TestFingerprintIgnoresStartTime(t *testing.T) {
	later := stateOf("Apache Tomcat", host.ServiceStatus{Name: "Apache Tomcat", Exists: true, Running: true, StartedAt: since.Add(time.Hour)})
	if resources.FingerprintOf(running) != resources.FingerprintOf(later) {
		t.Error("a restart by someone else changed the fingerprint")
	}
	for name, st := range map[string]resources.State{"stopped": stopped, "missing": notFound} {
		if resources.FingerprintOf(running) == resources.FingerprintOf(st) {
			t.Errorf("running and %s have the same fingerprint", name)
		}
	}
	if v := running.Attrs[AttrRunning].S; v != "true" {
		t.Errorf("running attr = %q", v)
	}
	if v := stopped.Attrs[AttrRunning].S; v != "false" {
		t.Errorf("stopped running attr = %q", v)
	}
	for k := range running.Attrs {
		if strings.Contains(strings.ToLower(k), "start") {
			t.Errorf("attribute %q carries the start time", k)
		}
	}
}
