package eceadmin

import (
	"context"
	"errors"
	"io/fs"
	"testing"
	"time"
)

func newLab(t *testing.T) (*Lab, string, *time.Time) {
	t.Helper()
	dir := t.TempDir()
	if err := SeedLab(dir); err != nil {
		t.Fatal(err)
	}
	now := t0
	return NewLab(dir, LabClock(func() time.Time { return now }), LabRand(zeroRand{})), dir, &now
}

func TestSeedLab(t *testing.T) {
	ctx := context.Background()
	l, dir, _ := newLab(t)
	obs, err := l.Read(ctx, TraceLevels)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range TraceProcesses {
		if got := obs.Settings[TraceLevelLabel(p)]; got != "2 - Error" {
			t.Errorf("%s = %q, want 2 - Error", p, got)
		}
	}
	sso, err := l.Read(ctx, PartitionSSO)
	if err != nil {
		t.Fatal(err)
	}
	if !sso.Known || len(sso.Settings) != 0 || !sso.SavedAt.IsZero() {
		t.Errorf("partition SSO after seeding: %+v", sso)
	}
	if err := SeedLab(dir); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second SeedLab: %v, want ErrExist", err)
	}
	if _, err := NewLab(t.TempDir()).Read(ctx, PartitionSSO); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("unseeded lab: %v, want ErrNotExist", err)
	}
}

func TestLabApplyStoresSecretsAsKeyedHashes(t *testing.T) {
	ctx := context.Background()
	l, dir, now := newLab(t)
	task := ssoTask()
	obs, err := l.Apply(ctx, PartitionSSO, task)
	if err != nil {
		t.Fatal(err)
	}
	want, err := l.Hash(ctx, distinctive)
	if err != nil {
		t.Fatal(err)
	}
	if got := obs.Settings["Password"]; got != want {
		t.Errorf("stored password = %q, want the keyed hash %q", got, want)
	}
	if obs.Settings["LDAP URL"] != "ldaps://gc.example.com:3269" || !obs.SavedAt.Equal(t0) {
		t.Errorf("after apply: %+v", obs)
	}
	grepTree(t, dir, distinctive)

	// A second save keeps the history of what changed, and only of that.
	*now = t0.Add(time.Hour)
	task.Fields[0].Value = "ldaps://gc2.example.com:3269"
	obs, err = l.Apply(ctx, PartitionSSO, task)
	if err != nil {
		t.Fatal(err)
	}
	url := obs.Fields["LDAP URL"]
	if url.Previous != "ldaps://gc.example.com:3269" || !url.PreviousSetAt.Equal(t0) || !url.SetAt.Equal(*now) {
		t.Errorf("LDAP URL history: %+v", url)
	}
	if dn := obs.Fields["DN attribute"]; !dn.SetAt.Equal(t0) || dn.Previous != "" {
		t.Errorf("unchanged field history: %+v", dn)
	}
}

func TestLabIntegrationIsPermanent(t *testing.T) {
	ctx := context.Background()
	l, _, _ := newLab(t)
	if _, err := l.Apply(ctx, UCCEIntegration, integrationTask()); err != nil {
		t.Fatal(err)
	}
	_, err := l.Apply(ctx, UCCEIntegration, integrationTask())
	if !errors.Is(err, ErrPermanent) {
		t.Fatalf("second save: %v, want ErrPermanent", err)
	}
	// Other sections can be saved again.
	for range 2 {
		if _, err := l.Apply(ctx, PartitionSSO, ssoTask()); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLabApplyRefusesUnresolvedSecret(t *testing.T) {
	l, dir, _ := newLab(t)
	task := ssoTask()
	task.Secrets = nil
	if _, err := l.Apply(context.Background(), PartitionSSO, task); err == nil {
		t.Fatal("want an error")
	}
	obs, err := NewLab(dir).Read(context.Background(), PartitionSSO)
	if err != nil || len(obs.Settings) != 0 {
		t.Errorf("store changed: %+v, %v", obs, err)
	}
}
