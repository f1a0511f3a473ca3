package verify

import (
	"errors"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

func TestJudgeInventory(t *testing.T) {
	web := pcce.Machine{Name: "ece-web", Type: pcce.TypeECEWebServer, HostName: fqdn, RefURL: "/m/1"}
	alert := func(t pcce.MachineType, name, typ string) pcce.Alert {
		return pcce.Alert{Machine: pcce.AlertMachine{Name: name, Type: t}, Errors: []pcce.ErrorItem{{Type: typ, Message: "cannot sign in"}}}
	}
	tests := []struct {
		name   string
		p      fakePCCE
		status Status
		code   string
		want   []string
	}{
		{name: "ECE machines, no alert", p: fakePCCE{machines: []pcce.Machine{web}}, status: Pass,
			want: []string{"1 ECE machine(s) in the inventory, no alert"}},
		{name: "an alert about another machine", status: Pass, want: []string{"other machines than ECE"},
			p: fakePCCE{machines: []pcce.Machine{web}, status: pcce.MachineStatus{Alerts: []pcce.Alert{alert(pcce.MachineType("CVP"), "cvp1", "x")}}}},
		{name: "an alert about the ECE web server", status: Fail, code: InventoryAlert,
			want: []string{"1 inventory alert(s) about ECE machines: ece-web (ECE_WEB_SERVER): ", "cannot sign in", "Alerts in the top status bar"},
			p: fakePCCE{machines: []pcce.Machine{web},
				status: pcce.MachineStatus{Alerts: []pcce.Alert{alert(pcce.TypeECEWebServer, "ece-web", pcce.AlertInvalidCredentials)}}}},
		{name: "no ECE machine in the inventory", p: fakePCCE{}, status: Fail, code: NoECEMachines,
			want: []string{"(converges inventory_machine.ece_data, inventory_machine.ece_web)"}},
		{name: "PCCE unreachable", p: fakePCCE{err: errors.New("connection refused")}, status: Error, code: Unavailable,
			want: []string{"connection refused"}},
	}
	tg := Target{SpecFile: "env.yaml", InventoryResources: []string{"inventory_machine.ece_data", "inventory_machine.ece_web"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := tg
			tg.PCCE = tt.p
			g := &gatherer{ctx: t.Context(), sem: make(chan struct{}, 2)}
			f := g.gather(tg)
			wantResult(t, judgeInventory(tg, f), tt.status, tt.code, tt.want...)
		})
	}
	wantResult(t, judgeInventory(Target{}, &facts{}), Skip, NotConfigured)
}
