package check

import (
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func TestAppInstanceAgainstSimulator(t *testing.T) {
	tests := []struct {
		name     string
		want     string
		codes    string
		wantErr  string
		attr     string
		warnings string
	}{
		{name: "exact", want: "MultiChannel", attr: "MultiChannel"},
		{
			name: "wrong case", want: "Multichannel", codes: AppInstanceCaseDiffers, attr: "MultiChannel",
			wantErr: "check app_instance: application instance names are case-sensitive: PCCE has MultiChannel, the spec says Multichannel",
		},
		{
			name: "missing", want: "Main_PS1_MultiChannel", codes: AppInstanceMissing, attr: "(missing)",
			wantErr: "PCCE has no application instance Main_PS1_MultiChannel (it has: MultiChannel)",
		},
		{
			name: "an UQ instance", want: "UQ_MultiChannel", codes: AppInstanceMissing, attr: "(missing)",
			wantErr: "no application instance UQ_MultiChannel", warnings: "starts with UQ; the tech note says ECE must not use that one",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{})
			r := New(Config{Addr: addr(AppInstance), Check: AppInstance, Client: newClient(t, sim), AppInstance: tt.want})
			st, ch, err := read(t, r)
			if tt.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" {
				wantErr(t, err, tt.wantErr)
				wantCannotConverge(t, err, true)
			}
			if ch.Action != resources.NoOp || codes(ch) != tt.codes {
				t.Errorf("change %s %q, want no-op %q", ch.Action.Word(), codes(ch), tt.codes)
			}
			if got := st.Attrs[AttrAppInstance].S; got != tt.attr {
				t.Errorf("%s = %q, want %q", AttrAppInstance, got, tt.attr)
			}
			if got := strings.Join(st.Warnings, "\n"); !strings.Contains(got, tt.warnings) || (tt.warnings == "" && got != "") {
				t.Errorf("warnings %q, want %q", got, tt.warnings)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	tests := map[string]struct {
		cfg  Config
		want string
	}{
		"MRDs without instance":        {Config{Check: MRDs}, "check mrds: no application instance to check"},
		"AppInstance without instance": {Config{Check: AppInstance}, "check app_instance: no application instance to check"},
		"unknown check":                {Config{Check: 9}, "unknown check check(9)"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			ch, err := New(tt.cfg).Plan(resources.PlanInput{})
			wantErr(t, err, tt.want)
			wantCannotConverge(t, err, false)
			if codes(ch) != InvalidSettings {
				t.Errorf("reasons %q", codes(ch))
			}
		})
	}
}

func TestParseCheck(t *testing.T) {
	for _, c := range []Check{MRDs, AppInstance, InventoryStatus} {
		got, err := ParseCheck(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCheck(%q) = %v, %v", c, got, err)
		}
	}
	if _, err := ParseCheck("mrd"); err == nil || !strings.Contains(err.Error(), "known: mrds, app_instance, inventory_status") {
		t.Errorf("ParseCheck(mrd): %v", err)
	}
}

func TestOnlyInventoryStatusSubscribes(t *testing.T) {
	machines := []resources.Addr{{Kind: "inventory_machine", Name: "ece_web", Host: "pcce"}}
	for _, c := range []Check{MRDs, AppInstance, InventoryStatus} {
		got := New(Config{Check: c, Machines: machines}).Subscribes()
		if (len(got) > 0) != (c == InventoryStatus) {
			t.Errorf("%s subscribes to %v", c, got)
		}
	}
}
