package ece

import (
	"errors"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

var ucceAddr = resources.Addr{Kind: KindUCCEIntegration, Name: "ucce"}

func ucceSettings() UCCESettings {
	return UCCESettings{
		AWDBServer:          "aw-a.example.com",
		AWDBDatabase:        "pcce_awdb",
		AWDBUser:            "ece_awdb",
		AWDBPassword:        envRef("AWDB_PASSWORD"),
		ApplicationInstance: "MultiChannel",
		AgentPGs:            []string{"PG2A", "PG1A"},
	}
}

func ucceStored() eceadmin.Settings {
	return eceadmin.Settings{
		LabelAWDBServer:   "aw-a.example.com",
		LabelAWDBPort:     "1433",
		LabelAWDBDatabase: "pcce_awdb",
		LabelAWDBUser:     "ece_awdb",
		LabelAWDBPassword: eceadmin.HashSecret(stubKey, awdbPassword),
		LabelAppInstance:  "MultiChannel",
		LabelAgentPGs:     "PG1A, PG2A",
	}
}

func TestUCCEIntegrationPlan(t *testing.T) {
	r0 := NewUCCEIntegration(UCCEIntegrationConfig{Addr: ucceAddr, Backend: manualStub, Settings: ucceSettings(), LookupEnv: lookupEnv})
	task, err := r0.task()
	if err != nil {
		t.Fatal(err)
	}
	desiredHash := seal(t, task)
	pwHash := eceadmin.HashSecret(stubKey, awdbPassword)
	saved := func(edit func(eceadmin.Settings)) ucceRead {
		s := ucceStored()
		if edit != nil {
			edit(s)
		}
		return ucceRead{obs: eceadmin.Observed{Known: true, Settings: s, SavedAt: t0}, passwordHash: pwHash}
	}
	attested := func(hash string) ucceRead {
		return ucceRead{obs: eceadmin.Observed{Attested: []eceadmin.Attestation{{Section: eceadmin.UCCEIntegration, Who: "carol", When: t0, ValuesHash: hash}}}, valuesHash: desiredHash}
	}
	tests := map[string]struct {
		backend         stub
		edit            func(*UCCESettings)
		read            ucceRead
		wantAction      resources.Action
		wantCodes       []string
		wantErr         string
		notConvergeable bool
	}{
		"lab: never saved": {backend: labStub, read: ucceRead{obs: eceadmin.Observed{Known: true}, passwordHash: pwHash},
			wantAction: resources.Create, wantCodes: []string{NotConfigured}},
		"manual: never attested": {backend: manualStub, read: ucceRead{valuesHash: desiredHash},
			wantAction: resources.Create, wantCodes: []string{NotAttested}},
		"lab: saved as wanted": {backend: labStub, read: saved(nil), wantAction: resources.NoOp},
		"lab: PGs in another order": {backend: labStub, edit: func(s *UCCESettings) { s.AgentPGs = []string{"PG1A", "PG2A"} },
			read: saved(nil), wantAction: resources.NoOp},
		"manual: attested as wanted": {backend: manualStub, read: attested(desiredHash), wantAction: resources.NoOp},
		"lab: saved with another AWDB server": {backend: labStub, read: saved(func(s eceadmin.Settings) { s[LabelAWDBServer] = "aw-b.example.com" }),
			wantCodes: []string{NotConvergeable}, wantErr: `Server name is "aw-b.example.com", want "aw-a.example.com"`, notConvergeable: true},
		"lab: saved with another password": {backend: labStub, read: saved(func(s eceadmin.Settings) { s[LabelAWDBPassword] = "hmac-sha256:old" }),
			wantCodes: []string{NotConvergeable}, wantErr: "the stored password is not the one in env:AWDB_PASSWORD", notConvergeable: true},
		"lab: spec adds a PG": {backend: labStub, edit: func(s *UCCESettings) { s.AgentPGs = append(s.AgentPGs, "PG3A") },
			read: saved(nil), wantCodes: []string{NotConvergeable}, wantErr: "Agent PGs", notConvergeable: true},
		"manual: other values attested": {backend: manualStub, read: attested("hmac-sha256:other"),
			wantCodes: []string{NotConvergeable}, wantErr: "differ from those carol attested", notConvergeable: true},
		"UQ application instance": {backend: labStub, edit: func(s *UCCESettings) { s.ApplicationInstance = "UQ_MultiChannel" },
			read: ucceRead{obs: eceadmin.Observed{Known: true}}, wantCodes: []string{InvalidSettings}, wantErr: "starts with UQ"},
		"required values missing": {backend: labStub, edit: func(s *UCCESettings) { s.AWDBServer, s.AgentPGs = "", nil },
			read: ucceRead{obs: eceadmin.Observed{Known: true}}, wantCodes: []string{InvalidSettings}, wantErr: "Server name is required; Agent PGs is required"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			settings := ucceSettings()
			if tt.edit != nil {
				tt.edit(&settings)
			}
			r := NewUCCEIntegration(UCCEIntegrationConfig{Addr: ucceAddr, Backend: tt.backend, Settings: settings, LookupEnv: lookupEnv})
			rd := tt.read
			cur := r.state(&rd)
			ch, err := r.Plan(resources.PlanInput{Current: cur, Now: t0})
			checkCodes(t, ch, tt.wantCodes)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if errors.Is(err, ErrNotConvergeable) != tt.notConvergeable {
					t.Errorf("errors.Is(err, ErrNotConvergeable) = %v", !tt.notConvergeable)
				}
				if tt.notConvergeable && !strings.Contains(err.Error(), "the only way to change it is to reinstall ECE") {
					t.Errorf("err lacks the remedy: %v", err)
				}
				if ch.Action != resources.NoOp {
					t.Errorf("a failed plan carries %s", ch.Action.Word())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ch.Action != tt.wantAction {
				t.Errorf("action = %s, want %s", ch.Action.Word(), tt.wantAction.Word())
			}
			if ch.Irreversible != (ch.Action == resources.Create) {
				t.Errorf("irreversible = %v for %s", ch.Irreversible, ch.Action.Word())
			}
			noSecretIn(t, "after", ch.After, awdbPassword, pwHash)
			if ch.Action == resources.Create {
				if got := ch.After[AttrAgentPGs].S; got != "PG1A, PG2A" {
					t.Errorf("agent_pgs = %q", got)
				}
			}
		})
	}
}
