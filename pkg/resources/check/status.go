package check

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Attribute names of the InventoryStatus check.
const (
	// AttrECEAlerts is how many alerts concern ECE machines.
	AttrECEAlerts = "ece_alerts"
)

// alertAttr is the attribute of one ECE machine's alerts.
func alertAttr(machine string) string { return "alert[" + machine + "]" }

// eceTypes are the machine types whose alerts fail the check.
var eceTypes = map[pcce.MachineType]bool{
	pcce.TypeECE:            true,
	pcce.TypeECEWebServer:   true,
	pcce.TypeDCECEWebServer: true,
}

// statusState is State.Private of the InventoryStatus check.
type statusState struct {
	// alerts are the ECE machines' alerts, one line each:
	// "ece-web (ECE_WEB_SERVER): inventory.InvalidCredentials: ...".
	alerts []string
}

func (r *Resource) readStatus(ctx context.Context) (resources.State, error) {
	ms, err := r.c.Client.MachineStatus(ctx)
	if err != nil {
		return resources.State{}, fmt.Errorf("check %s: %w", r.c.Check, err)
	}
	return statusOf(ms), nil
}

// statusOf turns the status into a State: ECE alerts in attributes, the
// others as warnings; the scan time stays out.
func statusOf(ms pcce.MachineStatus) resources.State {
	st := &statusState{}
	attrs := resources.Attrs{}
	perMachine := map[string][]string{}
	var order []string
	var others []string
	for _, a := range ms.Alerts {
		who := machineName(a.Machine)
		if !eceTypes[a.Machine.Type] {
			others = append(others, who+": "+a.String())
			continue
		}
		if _, seen := perMachine[who]; !seen {
			order = append(order, who)
		}
		perMachine[who] = append(perMachine[who], a.String())
		st.alerts = append(st.alerts, who+": "+a.String())
	}
	for _, who := range order {
		attrs[alertAttr(who)] = resources.V(strings.Join(perMachine[who], "; "))
	}
	attrs[AttrECEAlerts] = resources.V(strconv.Itoa(len(st.alerts)))
	state := resources.State{Exists: true, Attrs: attrs, Private: st}
	if len(others) > 0 {
		state.Warnings = append(state.Warnings, fmt.Sprintf(
			"PCCE has %d inventory alert(s) about other machines than ECE: %s", len(others), strings.Join(others, "; ")))
	}
	return state
}

// machineName names an alert's machine: "ece-web (ECE_WEB_SERVER)".
func machineName(m pcce.AlertMachine) string {
	name := m.Name
	for _, alt := range []string{m.Host, m.RefURL} {
		if name == "" {
			name = alt
		}
	}
	if name == "" {
		name = "unnamed machine"
	}
	if m.Type != "" {
		name += " (" + string(m.Type) + ")"
	}
	return name
}

// planStatus: triggered, an Update that re-checks after the machines
// changed; otherwise an ECE alert fails the plan.
func (r *Resource) planStatus(in resources.PlanInput) (resources.Change, error) {
	cur := in.Current
	st, ok := cur.Private.(*statusState)
	if !ok || st == nil {
		return resources.Change{}, fmt.Errorf("check %s: the inventory status was not read", r.c.Check)
	}
	var alerts []resources.Reason
	for _, a := range st.alerts {
		alerts = append(alerts, resources.Reason{Code: InventoryAlert, Message: a})
	}
	if len(in.Triggers) == 0 {
		if len(alerts) > 0 {
			return failPlan(r.c.Addr, cur, alerts, joinReasons(
				"PCCE inventory alerts for ECE machines (tech note step 6: fix them, see Unified CCE Administration > Inventory)", alerts))
		}
		return resources.NoChange(r.c.Addr, cur), nil
	}
	var reasons []resources.Reason
	for _, t := range in.Triggers {
		msg := fmt.Sprintf("%s changed: the inventory status is checked again after PCCE validated it", t.From)
		if !t.Since.IsZero() {
			msg = fmt.Sprintf("%s changed in an earlier run (%s) whose status check did not happen: it is checked again",
				t.From, t.Since.UTC().Format("2006-01-02T15:04:05Z"))
		}
		reasons = append(reasons, resources.Reason{Code: InventoryChanged, Message: msg})
	}
	reasons = append(reasons, alerts...)
	return resources.Change{
		Addr:    r.c.Addr,
		Action:  resources.Update,
		Before:  cur.Attrs,
		After:   resources.Attrs{AttrECEAlerts: resources.V("0")},
		Reasons: reasons,
	}, nil
}

// pollStatus reads the status up to Polls times, Interval apart, until no
// ECE alert remains.
func (r *Resource) pollStatus(ctx context.Context) (resources.State, error) {
	var st resources.State
	for i := 1; ; i++ {
		var err error
		if st, err = r.readStatus(ctx); err != nil {
			return resources.State{}, err
		}
		alerts := st.Private.(*statusState).alerts
		if len(alerts) == 0 {
			return st, nil
		}
		if i == r.c.Polls {
			return resources.State{}, fmt.Errorf("check %s: %d inventory alert(s) for ECE machines remain after %d checks %s apart (tech note step 6): %s",
				r.c.Check, len(alerts), r.c.Polls, r.c.Interval, strings.Join(alerts, "; "))
		}
		if err := r.c.Sleep(ctx, r.c.Interval); err != nil {
			return resources.State{}, fmt.Errorf("check %s: waiting for PCCE to validate the inventory: %w", r.c.Check, err)
		}
	}
}
