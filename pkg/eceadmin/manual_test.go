package eceadmin

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestManualApplyRecordsAttestation(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "state")
	var shown []Task
	m := NewManual(ManualConfig{
		StateDir: dir,
		Now:      func() time.Time { return t0 },
		Rand:     zeroRand{},
		Confirm: func(_ context.Context, task Task) (string, error) {
			shown = append(shown, task)
			return "alice", nil
		},
	})
	obs, err := m.Read(ctx, PartitionSSO)
	if err != nil {
		t.Fatal(err)
	}
	if obs.Known || obs.Attestation("") != nil {
		t.Fatalf("before: %+v, want unknown and no attestation", obs)
	}
	task, err := Seal(ctx, m, ssoTask())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Apply(ctx, PartitionSSO, task); err != nil {
		t.Fatal(err)
	}
	if len(shown) != 1 || shown[0].Secrets != nil {
		t.Fatalf("Confirm got %d tasks, secrets %v; want one, without secrets", len(shown), shown)
	}
	obs, err = m.Read(ctx, PartitionSSO)
	if err != nil {
		t.Fatal(err)
	}
	a := obs.Attestation("")
	if obs.Known || a == nil || a.Who != "alice" || !a.When.Equal(t0) || a.ValuesHash != task.ValuesHash || len(a.Fields) != 7 {
		t.Fatalf("after: %+v", obs)
	}
	fi, err := os.Stat(filepath.Join(dir, AttestationsFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("attestations mode %v, want 0600", fi.Mode().Perm())
	}
	grepTree(t, dir, distinctive)
	// Other sections see nothing.
	if obs, _ := m.Read(ctx, TraceLevels); len(obs.Attested) != 0 {
		t.Errorf("trace levels: %+v", obs.Attested)
	}
}

func TestManualApplyRefusals(t *testing.T) {
	ctx := context.Background()
	declined := errors.New("operator said no")
	tests := map[string]struct {
		section  Section
		who      string
		confirm  error
		prepare  func(*Manual) // run before the apply under test
		unsealed bool
		wantIs   error
		asked    bool
	}{
		"declined":           {section: PartitionSSO, confirm: declined, wantIs: declined, asked: true},
		"nobody named":       {section: PartitionSSO, who: "  ", asked: true},
		"unsealed task":      {section: PartitionSSO, unsealed: true},
		"wrong section":      {section: TraceLevels},
		"integration second": {section: UCCEIntegration, wantIs: ErrPermanent, prepare: saveIntegration},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			asked := false
			m := NewManual(ManualConfig{StateDir: dir, Now: func() time.Time { return t0 }, Rand: zeroRand{},
				Confirm: func(context.Context, Task) (string, error) {
					asked = true
					if tt.who == "" && tt.confirm == nil {
						return "bob", nil
					}
					return tt.who, tt.confirm
				}})
			if tt.prepare != nil {
				tt.prepare(m)
				asked = false
			}
			task := ssoTask()
			if tt.section == UCCEIntegration {
				task = integrationTask()
			}
			if !tt.unsealed {
				var err error
				if task, err = Seal(ctx, m, task); err != nil {
					t.Fatal(err)
				}
			}
			_, err := m.Apply(ctx, tt.section, task)
			if err == nil {
				t.Fatal("want an error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("err = %v, want %v", err, tt.wantIs)
			}
			if asked != tt.asked {
				t.Errorf("operator asked = %v, want %v", asked, tt.asked)
			}
			if tt.prepare == nil {
				if obs, _ := m.Read(ctx, tt.section); len(obs.Attested) != 0 {
					t.Errorf("attestation recorded: %+v", obs.Attested)
				}
			}
		})
	}
}

func integrationTask() Task {
	return Task{
		Section:     UCCEIntegration,
		ConsolePath: UCCEIntegration.ConsolePath(),
		Fields: []Field{
			{Group: "AWDB Details", Label: "Server name", Value: "aw-a.example.com"},
			{Group: "AWDB Details", Label: "Password", Value: "env:AWDB", Secret: true},
		},
		Secrets: SecretValues{"Password": distinctive},
	}
}

func saveIntegration(m *Manual) {
	task, err := Seal(context.Background(), m, integrationTask())
	if err != nil {
		panic(err)
	}
	if _, err := m.Apply(context.Background(), UCCEIntegration, task); err != nil {
		panic(err)
	}
}
