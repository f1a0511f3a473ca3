package pcce_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

func TestListMachinesReadsEveryPage(t *testing.T) {
	seeded := append(
		pccesim.GenerateMachines(250, pcce.TypeECEWebServer, "ece-web", "example.com"),
		pccesim.GenerateMachines(5, pcce.TypeECE, "ece-data", "example.com")...)
	sim := newSim(t, pccesim.Options{Machines: seeded})
	const core = 8 // machines every fresh simulator has

	tests := []struct {
		name      string
		q         string
		wantCount int
		wantPages int
	}{
		{"ECE types over three pages", pcce.TypesQuery(pcce.TypeECE, pcce.TypeECEWebServer), 255, 3},
		{"everything", "", 255 + core, 3},
		{"one type on one page", pcce.TypesQuery(pcce.TypeECE), 5, 1},
		{"types are case-insensitive", "types:(ece | cce_pg)", 5 + 2, 1},
		{"no match is one empty page", pcce.TypesQuery("EXTERNAL_HDS"), 0, 1},
		{"exactly one full page", "ece-web-0", 99, 1},
		{"plain word and type together", "ece-web-25 types:(ECE_WEB_SERVER)", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := sim.Stats().Count(http.MethodGet, pcce.PathMachines)
			c, _ := newClient(t, sim, nil)
			ms, err := c.ListMachines(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != tt.wantCount {
				t.Errorf("got %d machines, want %d", len(ms), tt.wantCount)
			}
			seen := map[string]bool{}
			for _, m := range ms {
				if seen[m.RefURL] {
					t.Errorf("machine %s returned twice", m.RefURL)
				}
				seen[m.RefURL] = true
			}
			if got := sim.Stats().Count(http.MethodGet, pcce.PathMachines) - before; got != tt.wantPages {
				t.Errorf("read %d pages, want %d", got, tt.wantPages)
			}
		})
	}
}

func TestListMRDsAndApplicationInstances(t *testing.T) {
	tests := []struct {
		name         string
		opts         pccesim.Options
		wantMRDs     []string
		wantInstance string
	}{
		{
			name:         "2000 agents",
			wantMRDs:     []string{"Cisco_Voice", pcce.MRDNameChat, pcce.MRDNameEmail, pcce.MRDNameOutbound},
			wantInstance: "MultiChannel",
		},
		{
			name:         "4000 agents without ECE_Outbound",
			opts:         pccesim.Options{ApplicationInstance: "Main_PS1_Multichannel", WithoutMRDs: []string{pcce.MRDNameOutbound}},
			wantMRDs:     []string{"Cisco_Voice", pcce.MRDNameChat, pcce.MRDNameEmail},
			wantInstance: "Main_PS1_Multichannel",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, tt.opts)
			c, _ := newClient(t, sim, nil)
			ctx := context.Background()
			mrds, err := c.ListMRDs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range mrds {
				names = append(names, m.Name)
				if m.Type == pcce.MRDLegacyMultichannel && m.ApplicationInstanceRef().Name != tt.wantInstance {
					t.Errorf("MRD %s: application instance %q, want %q", m.Name, m.ApplicationInstanceRef().Name, tt.wantInstance)
				}
				if m.Type == pcce.MRDLegacyMultichannel && !m.Type.ReadOnly() {
					t.Errorf("MRD %s of type %s is not read-only", m.Name, m.Type)
				}
			}
			if len(names) != len(tt.wantMRDs) {
				t.Fatalf("MRDs %v, want %v", names, tt.wantMRDs)
			}
			for i := range names {
				if names[i] != tt.wantMRDs[i] {
					t.Errorf("MRDs %v, want %v", names, tt.wantMRDs)
					break
				}
			}
			ais, err := c.ListApplicationInstances(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(ais) != 1 || ais[0].Name != tt.wantInstance {
				t.Errorf("application instances %+v, want one named %q", ais, tt.wantInstance)
			}
		})
	}
}
