package verify

import (
	"fmt"
	"strings"
)

// judgeInventory decides tech note step 6's first point: "in CCE
// Administration, no alert shows in the top status bar" for the ECE
// machines, which must be in the inventory for that to mean anything.
func judgeInventory(t Target, f *facts) Result {
	r := Result{Check: CheckInventoryStatus, Subject: "PCCE"}
	if t.PCCE == nil {
		return notConfigured(CheckInventoryStatus, r.Subject, "the spec has no integration.pcce")
	}
	st, ms := f.pcce.status, f.pcce.machines
	for _, e := range []error{st.err, ms.err} {
		if e != nil {
			r.Status, r.Code = Error, Unavailable
			r.Summary = fmt.Sprintf("PCCE's inventory could not be read: %v", e)
			return r
		}
	}
	symptom := "CCE Administration shows Alerts in the top status bar; the Inventory page names the ECE servers"
	if len(ms.v) == 0 {
		r.Status, r.Code = Fail, NoECEMachines
		r.Summary = "PCCE's inventory has no ECE machine: there is nothing for its status to validate"
		r.Symptom = "CCE Administration has no Email and Chat card for this ECE"
		r.Fix = orElse(applyCmd(t.SpecFile, t.InventoryResources...),
			"in Unified CCE Administration > Inventory, add the ECE data server(s) and the ECE web server (tech note steps 4.2 and 4.3)")
		return r
	}
	if len(st.v.alerts) > 0 {
		r.Status, r.Code = Fail, InventoryAlert
		r.Summary = fmt.Sprintf("%d inventory alert(s) about ECE machines: %s", len(st.v.alerts), strings.Join(st.v.alerts, "; "))
		r.Symptom = symptom
		r.Fix = "in Unified CCE Administration select Alerts and fix what the Inventory page says about the ECE servers " +
			"(an ECE_WEB_SERVER alert about credentials: the partition administrator's user and password; about the name: a resolvable FQDN)"
		if cmd := applyCmd(t.SpecFile, t.InventoryResources...); cmd != "" {
			r.Fix += "; " + cmd + " sets what the spec says"
		}
		return r
	}
	r.Status = Pass
	r.Summary = fmt.Sprintf("%d ECE machine(s) in the inventory, no alert about them", len(ms.v))
	if len(st.v.warnings) > 0 {
		r.Summary += "; " + strings.Join(st.v.warnings, "; ")
	}
	return r
}
