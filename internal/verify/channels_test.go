package verify

import (
	"errors"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources/ece"
)

func TestJudgeChannels(t *testing.T) {
	mrd := func(name, inst string) pcce.MRD {
		m := pcce.MRD{Name: name, Type: pcce.MRDLegacyMultichannel}
		if inst != "" {
			m.ApplicationInstance = &pcce.Ref{Name: inst}
		}
		return m
	}
	both := []pcce.MRD{mrd("ECE_Email", "MultiChannel"), mrd("ECE_Chat", "MultiChannel")}
	saved := func(inst string) eceadmin.Observed {
		return eceadmin.Observed{Known: true, SavedAt: testNow, Settings: eceadmin.Settings{ece.LabelAppInstance: inst}}
	}
	lab := func(o eceadmin.Observed) ECEAdmin {
		return fakeAdmin{name: "lab", by: map[eceadmin.Section]eceadmin.Observed{eceadmin.UCCEIntegration: o}}
	}
	manual := fakeAdmin{name: "manual", by: map[eceadmin.Section]eceadmin.Observed{eceadmin.UCCEIntegration: {
		Attested: []eceadmin.Attestation{{Section: eceadmin.UCCEIntegration, Who: "alice", When: testNow}}}}}
	tests := []struct {
		name   string
		p      PCCE
		admin  ECEAdmin
		status Status
		code   string
		want   []string
	}{
		{name: "MRDs associated, integration saved with the instance", p: fakePCCE{mrds: both}, admin: lab(saved("MultiChannel")),
			status: Pass, want: []string{"ECE_Email and ECE_Chat are associated with MultiChannel; ECE's Unified CCE integration is saved with it (2026-06-01T12:00:00Z)"}},
		{name: "MRD associated by refURL only", admin: lab(saved("MultiChannel")), status: Pass,
			p: fakePCCE{mrds: []pcce.MRD{
				{Name: "ECE_Email", ApplicationInstance: &pcce.Ref{RefURL: "/ai/5000"}},
				{Name: "ECE_Chat", ApplicationInstance: &pcce.Ref{RefURL: "/ai/5000"}}},
				instances: []pcce.ApplicationInstance{{RefURL: "/ai/5000", Name: "MultiChannel"}}}},
		{name: "integration not saved", p: fakePCCE{mrds: both}, admin: lab(eceadmin.Observed{Known: true}),
			status: Fail, code: UCCEIntegrationNotSaved,
			want: []string{"is not saved", "--allow-irreversible (converges ece_ucce_integration.ucce)", "saving is permanent", "Support Email & Chat"}},
		{name: "integration saved with another instance", p: fakePCCE{mrds: both}, admin: lab(saved("Multichannel")),
			status: Fail, code: UCCEWrongAppInstance, want: []string{`"Multichannel", not "MultiChannel"`, "reinstall ECE"}},
		{name: "manual backend: a person checks", p: fakePCCE{mrds: both}, admin: manual, status: Skip, code: ManualConsole,
			want: []string{"with the manual ECE backend only a person can see", "attested by alice on 2026-06-01T12:00:00Z",
				"Users > Agents", "Enable Email & Chat", "Screen Name"}},
		{name: "no eceAdmin: a person checks", p: fakePCCE{mrds: both}, status: Skip, code: ManualConsole},
		{name: "ECE_Chat missing, a wrong-case twin", p: fakePCCE{mrds: []pcce.MRD{both[0], mrd("ECE_chat", "MultiChannel")}}, admin: manual,
			status: Fail, code: MRDMissing, want: []string{"no media routing domain ECE_Chat (there is ECE_chat, but names are case-sensitive)"}},
		{name: "ECE_Email on another instance", p: fakePCCE{mrds: []pcce.MRD{mrd("ECE_Email", "Other"), both[1]}}, admin: manual,
			status: Fail, code: MRDWrongAppInstance, want: []string{`ECE_Email is associated with "Other", not "MultiChannel"`}},
		{name: "ECE_Email on no instance", p: fakePCCE{mrds: []pcce.MRD{mrd("ECE_Email", ""), both[1]}}, admin: manual,
			status: Fail, code: MRDWrongAppInstance, want: []string{"associated with no application instance"}},
		{name: "PCCE unreachable", p: fakePCCE{err: errors.New("connection refused")}, admin: manual, status: Error, code: Unavailable},
		{name: "ECE admin store unreadable", p: fakePCCE{mrds: both}, admin: fakeAdmin{name: "lab", err: errors.New("corrupt admin.json")},
			status: Error, code: Unavailable, want: []string{"corrupt admin.json"}},
		{name: "no PCCE in the spec", status: Skip, code: NotConfigured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := Target{SpecFile: "env.yaml", ApplicationInstance: "MultiChannel", UCCEResource: "ece_ucce_integration.ucce",
				PCCE: tt.p, ECEAdmin: tt.admin}
			g := &gatherer{ctx: t.Context(), sem: make(chan struct{}, 2)}
			wantResult(t, judgeChannels(tg, g.gather(tg)), tt.status, tt.code, tt.want...)
		})
	}
	wantResult(t, judgeChannels(Target{PCCE: fakePCCE{}}, &facts{}), Skip, NotConfigured, "names no application instance")
}
