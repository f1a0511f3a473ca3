package check

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

const (
	goodPA = "Pa-Good-5Tr"
	badPA  = "Pa-Bad-1Xw"
)

var webAddr = resources.Addr{Kind: "inventory_machine", Name: "ece_web", Host: "pcce"}

// statusCheck polls with a recording sleep; onSleep runs at each wait.
func statusCheck(c Client, polls int, onSleep func(n int)) (*Resource, *[]time.Duration) {
	var waits []time.Duration
	r := New(Config{
		Addr: addr(InventoryStatus), Check: InventoryStatus, Client: c,
		Machines: []resources.Addr{webAddr}, Polls: polls, Interval: 10 * time.Second,
		Sleep: func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			if onSleep != nil {
				onSleep(len(waits))
			}
			return ctx.Err()
		},
	})
	return r, &waits
}

// addWeb adds the ECE web server with a PA password.
func addWeb(t *testing.T, c *pcce.Client, password string) string {
	t.Helper()
	ref, err := c.CreateMachine(context.Background(), pcce.NewECEWebServer("ece-web", "ece.example.com", "pa",
		pcce.Password(password), pcce.Ref{Name: pccesim.DefaultApplicationInstance}))
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

// setPassword sends another PA password for the machine at ref.
func setPassword(t *testing.T, c *pcce.Client, ref, password string) {
	t.Helper()
	m, err := c.GetMachine(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	m.SetCredentials(m.UserName(), pcce.Password(password))
	if err := c.UpdateMachine(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

func TestStatusPlan(t *testing.T) {
	tests := []struct {
		name     string
		opts     pccesim.Options
		password string // "" adds no web server
		triggers []resources.Trigger
		action   resources.Action
		codes    string
		wantErr  []string
	}{
		{name: "no ECE machine", action: resources.NoOp},
		{name: "web server accepted", password: goodPA, action: resources.NoOp},
		{
			name: "web server refused", password: badPA, action: resources.NoOp, codes: InventoryAlert,
			wantErr: []string{
				"PCCE inventory alerts for ECE machines (tech note step 6",
				`ece-web (ECE_WEB_SERVER): inventory.InvalidCredentials: ece-web: cannot sign in to ECE at ece.example.com as "pa"`,
			},
		},
		{
			name: "host does not resolve", opts: pccesim.Options{ResolvableHosts: []string{"other.example.com"}}, password: goodPA,
			action: resources.NoOp, codes: InventoryAlert,
			wantErr: []string{"ece-web (ECE_WEB_SERVER): inventory.HostNotResolvable: ece.example.com"},
		},
		{
			name: "triggered, alert present: re-checked after apply", password: badPA,
			triggers: []resources.Trigger{{From: webAddr}},
			action:   resources.Update, codes: InventoryChanged + "," + InventoryAlert,
		},
		{
			name: "pending from an earlier run", password: goodPA,
			triggers: []resources.Trigger{{From: webAddr, Since: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}},
			action:   resources.Update, codes: InventoryChanged,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.PAPassword = goodPA
			sim := newSim(t, tt.opts)
			c := newClient(t, sim)
			if tt.password != "" {
				addWeb(t, c, tt.password)
			}
			r, _ := statusCheck(c, 3, nil)
			_, ch, err := read(t, r, tt.triggers...)
			if tt.wantErr == nil && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr...)
				wantCannotConverge(t, err, true)
			}
			if ch.Action != tt.action || codes(ch) != tt.codes {
				t.Errorf("change %s %q, want %s %q", ch.Action.Word(), codes(ch), tt.action.Word(), tt.codes)
			}
			for _, p := range []string{goodPA, badPA, apiPassword} {
				if err != nil && strings.Contains(err.Error(), p) {
					t.Errorf("the error shows a password: %v", err)
				}
			}
		})
	}
}

func TestStatusApplyPolls(t *testing.T) {
	tests := []struct {
		name      string
		fixAt     int // the sleep after which the password is fixed; 0 never
		wantWaits int
		wantErr   string
	}{
		{name: "fixed before the second read", fixAt: 1, wantWaits: 1},
		{name: "fixed before the last read", fixAt: 3, wantWaits: 3},
		{name: "never fixed", wantWaits: 3, wantErr: "check inventory_status: 1 inventory alert(s) for ECE machines remain after 4 checks 10s apart (tech note step 6): ece-web (ECE_WEB_SERVER): inventory.InvalidCredentials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{PAPassword: goodPA})
			c := newClient(t, sim)
			ref := addWeb(t, c, badPA)
			r, waits := statusCheck(c, 4, func(n int) {
				if n == tt.fixAt {
					setPassword(t, c, ref, goodPA)
				}
			})
			_, ch, err := read(t, r, resources.Trigger{From: webAddr})
			if err != nil || ch.Action != resources.Update {
				t.Fatalf("plan %s, %v; want an update", ch.Action.Word(), err)
			}
			st, err := r.Apply(context.Background(), ch)
			if len(*waits) != tt.wantWaits {
				t.Errorf("waited %d times, want %d", len(*waits), tt.wantWaits)
			}
			for _, d := range *waits {
				if d != 10*time.Second {
					t.Errorf("waited %v, want the interval", d)
				}
			}
			if tt.wantErr != "" {
				wantErr(t, err, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			after, err := r.Plan(resources.PlanInput{Current: st})
			if err != nil || after.Action != resources.NoOp {
				t.Errorf("after apply: %s, %v", after.Action.Word(), err)
			}
			if st.Attrs[AttrECEAlerts].S != "0" {
				t.Errorf("state %v", st.Attrs)
			}
		})
	}
}

func TestStatusApplyStopsWhenCancelled(t *testing.T) {
	sim := newSim(t, pccesim.Options{PAPassword: goodPA})
	c := newClient(t, sim)
	addWeb(t, c, badPA)
	r := New(Config{Addr: addr(InventoryStatus), Check: InventoryStatus, Client: c, Polls: 5,
		Sleep: func(context.Context, time.Duration) error { return context.Canceled }})
	_, ch, _ := read(t, r, resources.Trigger{From: webAddr})
	_, err := r.Apply(context.Background(), ch)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	wantErr(t, err, "waiting for PCCE to validate the inventory")
}

// TestStatusOf: alerts about other machines are warnings, not failures;
// the scan time is not an attribute.
func TestStatusOf(t *testing.T) {
	ms := pcce.MachineStatus{
		Alerts: []pcce.Alert{
			{Errors: []pcce.ErrorItem{{Type: pcce.AlertMissingMachine, Data: "CM_PUBLISHER", Message: "CM_PUBLISHER not found on vmhost sideA"}},
				Machine: pcce.AlertMachine{Host: "sideA", Type: "CM_PUBLISHER"}},
			{Errors: []pcce.ErrorItem{{Type: pcce.AlertHostNotResolvable, Data: "ece-data-a.example.com"}},
				Machine: pcce.AlertMachine{Name: "ece-data-a", Type: pcce.TypeECE}},
			{Errors: []pcce.ErrorItem{{Type: pcce.AlertInvalidCredentials, Data: "ece-data-a"}},
				Machine: pcce.AlertMachine{Name: "ece-data-a", Type: pcce.TypeECE}},
		},
		ScanInfo: pcce.ScanInfo{LastScanDateTime: 1374842924017, ScanState: "Idle"},
	}
	st := statusOf(ms)
	want := resources.Attrs{
		AttrECEAlerts: resources.V("2"),
		alertAttr("ece-data-a (ECE)"): resources.V(
			"inventory.HostNotResolvable: ece-data-a.example.com; inventory.InvalidCredentials: ece-data-a"),
	}
	if len(st.Attrs) != len(want) {
		t.Errorf("attrs %v", st.Attrs)
	}
	for k, v := range want {
		if st.Attrs[k] != v {
			t.Errorf("%s = %q, want %q", k, st.Attrs[k].S, v.S)
		}
	}
	if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "sideA (CM_PUBLISHER): inventory.MissingMachine: CM_PUBLISHER") {
		t.Errorf("warnings %q", st.Warnings)
	}
	later := ms
	later.ScanInfo.LastScanDateTime += 60000
	if resources.FingerprintOf(statusOf(later)) != resources.FingerprintOf(st) {
		t.Error("a later scan moved the fingerprint")
	}
}
