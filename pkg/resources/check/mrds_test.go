package check

import (
	"context"
	"net/http"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func mrdCheck(c Client, appInstance string) *Resource {
	return New(Config{Addr: addr(MRDs), Check: MRDs, Client: c, AppInstance: appInstance})
}

func TestMRDsAgainstSimulator(t *testing.T) {
	tests := []struct {
		name        string
		opts        pccesim.Options
		appInstance string
		codes       string
		wantErr     []string
		wantAttrs   map[string]string
	}{
		{
			name: "all associated", appInstance: "MultiChannel",
			wantAttrs: map[string]string{
				AttrMRDs:                   "ECE_Email, ECE_Chat, ECE_Outbound → MultiChannel",
				mrdAttr(pcce.MRDNameChat):  "MultiChannel",
				mrdAttr(pcce.MRDNameEmail): "MultiChannel",
			},
		},
		{
			name: "ECE_Chat removed", opts: pccesim.Options{WithoutMRDs: []string{pcce.MRDNameChat}}, appInstance: "MultiChannel",
			codes: MRDMissing,
			wantErr: []string{
				"ECE media routing domains (tech note prerequisites): ECE_Chat does not exist: create the media routing domain ECE_Chat and associate it with the application instance MultiChannel in Unified CCE Administration",
			},
			wantAttrs: map[string]string{AttrMRDs: "2 of 3 associated with MultiChannel", mrdAttr(pcce.MRDNameChat): "(missing)"},
		},
		{
			name: "two removed", opts: pccesim.Options{WithoutMRDs: []string{pcce.MRDNameEmail, pcce.MRDNameOutbound}}, appInstance: "MultiChannel",
			codes:   MRDMissing + "," + MRDMissing,
			wantErr: []string{"ECE_Email does not exist", "; ECE_Outbound does not exist"},
		},
		{
			name: "associated with another instance", opts: pccesim.Options{ApplicationInstance: "Main_PS1_MultiChannel"}, appInstance: "MultiChannel",
			codes:     MRDWrongAppInstance + "," + MRDWrongAppInstance + "," + MRDWrongAppInstance,
			wantErr:   []string{`ECE_Email is associated with "Main_PS1_MultiChannel", not "MultiChannel"`},
			wantAttrs: map[string]string{AttrMRDs: "0 of 3 associated with MultiChannel"},
		},
		{
			name: "instance differs in case", appInstance: "Multichannel",
			codes:   MRDWrongAppInstance + "," + MRDWrongAppInstance + "," + MRDWrongAppInstance,
			wantErr: []string{`ECE_Chat is associated with "MultiChannel", not "Multichannel"`, "(application instance names are case-sensitive)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, tt.opts)
			r := mrdCheck(newClient(t, sim), tt.appInstance)
			st, ch, err := read(t, r)
			if len(tt.wantErr) == 0 && err != nil {
				t.Fatal(err)
			}
			if len(tt.wantErr) > 0 {
				wantErr(t, err, tt.wantErr...)
				wantCannotConverge(t, err, true)
			}
			if ch.Action != resources.NoOp || codes(ch) != tt.codes {
				t.Errorf("change %s %q, want no-op %q", ch.Action.Word(), codes(ch), tt.codes)
			}
			for k, v := range tt.wantAttrs {
				if got := st.Attrs[k].S; got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if _, err := r.Apply(context.Background(), ch); err != nil {
				t.Fatal(err)
			}
			stats := sim.Stats()
			if stats.Total != stats.Count(http.MethodGet, pcce.PathMRDs)+stats.Count(http.MethodGet, pcce.PathApplicationInstances) {
				t.Errorf("the check sent more than reads: %v", stats.Requests)
			}
		})
	}
}

func TestPlanMRDs(t *testing.T) {
	ok := mrdInfo{exists: true, appInstance: "MultiChannel"}
	tests := []struct {
		name    string
		mrds    map[string]mrdInfo
		codes   string
		wantErr []string
	}{
		{"all fine", map[string]mrdInfo{"ECE_Email": ok, "ECE_Chat": ok, "ECE_Outbound": ok}, "", nil},
		{
			"name differs in case",
			map[string]mrdInfo{"ECE_Email": ok, "ECE_Chat": {near: "ece_chat"}, "ECE_Outbound": ok},
			MRDMissing, []string{"ECE_Chat does not exist; there is ece_chat, but media routing domain names are case-sensitive"},
		},
		{
			"not associated",
			map[string]mrdInfo{"ECE_Email": {exists: true}, "ECE_Chat": ok, "ECE_Outbound": ok},
			MRDNotAssociated, []string{"ECE_Email is associated with no application instance: associate it with the application instance MultiChannel"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mrdCheck(nil, "MultiChannel")
			cur := resources.State{Exists: true, Private: &mrdState{mrds: tt.mrds}}
			ch, err := r.Plan(resources.PlanInput{Current: cur})
			if tt.wantErr == nil && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr...)
				wantCannotConverge(t, err, true)
			}
			if ch.Action != resources.NoOp || codes(ch) != tt.codes {
				t.Errorf("change %s %q, want no-op %q", ch.Action.Word(), codes(ch), tt.codes)
			}
		})
	}
}

// refOnlyClient answers MRDs whose application instance has no name,
// only a refURL.
type refOnlyClient struct{ Client }

func (refOnlyClient) ListMRDs(context.Context) ([]pcce.MRD, error) {
	var out []pcce.MRD
	for _, n := range ECEMRDs {
		out = append(out, pcce.MRD{Name: n, ApplicationInstance: &pcce.Ref{RefURL: "/unifiedconfig/config/applicationinstance/5000"}})
	}
	return out, nil
}

func (refOnlyClient) ListApplicationInstances(context.Context) ([]pcce.ApplicationInstance, error) {
	return []pcce.ApplicationInstance{{RefURL: "/unifiedconfig/config/applicationinstance/5000", Name: "MultiChannel"}}, nil
}

func TestMRDsResolveReferences(t *testing.T) {
	_, ch, err := read(t, mrdCheck(refOnlyClient{}, "MultiChannel"))
	if err != nil || ch.Action != resources.NoOp {
		t.Fatalf("got %s, %v; want the refURL resolved to MultiChannel", ch.Action.Word(), err)
	}
}
