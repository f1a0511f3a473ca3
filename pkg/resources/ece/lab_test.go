package ece

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func TestLabPartitionSSOConverges(t *testing.T) {
	lab, dir, _ := newLab(t)
	calls := 0
	r := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: lab, Settings: ssoSettings(), LookupEnv: lookupEnv,
		Verify: func(context.Context) VerifyResult { calls++; return *verified() }})
	ch := converge(t, r, t0)
	checkCodes(t, ch, []string{NotConfigured})
	if calls == 0 {
		t.Error("Read did not run the verification")
	}
	grepTree(t, dir, ldapPassword)

	// The password is rotated: the keyed hash tells, nothing else changes.
	s := ssoSettings()
	s.Password = envRef("ROTATED")
	rotated := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: lab, Settings: s, LookupEnv: lookupEnv})
	ch = converge(t, rotated, t0)
	checkCodes(t, ch, []string{PasswordChanged})
	if got := ch.Before[AttrPassword]; !got.Sensitive || strings.Contains(got.S, "hmac") {
		t.Errorf("before password = %+v", got)
	}
}

func TestLabPartitionSSOFailingVerificationDoesNotConverge(t *testing.T) {
	lab, _, _ := newLab(t)
	ok := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: lab, Settings: ssoSettings(), LookupEnv: lookupEnv})
	converge(t, ok, t0)
	bad := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: lab, Settings: ssoSettings(), LookupEnv: lookupEnv,
		Verify: func(context.Context) VerifyResult { return *unverified() }})
	ctx := context.Background()
	st, err := bad.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := bad.Plan(resources.PlanInput{Current: st, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	checkCodes(t, ch, []string{VerificationFailed})
	if !strings.Contains(ch.Reasons[0].Message, "TLSUnknownAuthority") {
		t.Errorf("reason = %q", ch.Reasons[0].Message)
	}
}

func TestLabTraceLevelWindow(t *testing.T) {
	lab, _, now := newLab(t)
	clock := func() time.Time { return *now }
	debug := NewTraceLevel(TraceLevelConfig{Addr: traceAddr, Backend: lab, Process: eaas, Level: eceadmin.TraceDebug,
		MaxDuration: time.Hour, BaseLevel: eceadmin.TraceInfo, Now: clock})
	info := NewTraceLevel(TraceLevelConfig{Addr: traceAddr, Backend: lab, Process: eaas, Level: eceadmin.TraceInfo, Now: clock})
	ctx := context.Background()

	checkCodes(t, converge(t, info, *now), []string{LevelDiffers})
	*now = t0.Add(time.Hour)
	checkCodes(t, converge(t, debug, *now), []string{LevelDiffers})

	plan := func(at time.Duration) (resources.State, resources.Change) {
		t.Helper()
		*now = t0.Add(time.Hour + at)
		st, err := debug.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := debug.Plan(resources.PlanInput{Current: st, Now: *now})
		if err != nil {
			t.Fatal(err)
		}
		return st, ch
	}
	if _, ch := plan(30 * time.Minute); ch.Action != resources.NoOp {
		t.Fatalf("within the window: %s %v", ch.Action.Word(), ch.Reasons)
	}
	// Past the window: back to the base level, and it stays there.
	*now = t0.Add(2 * time.Hour)
	ch := converge(t, debug, *now)
	checkCodes(t, ch, []string{TraceWindowExpired})
	if got := ch.After[AttrLevel].S; got != "4 - Info" {
		t.Errorf("reverted to %q, want 4 - Info", got)
	}
	st, ch := plan(5 * time.Hour)
	if ch.Action != resources.NoOp {
		t.Fatalf("after the window: %s %v", ch.Action.Word(), ch.Reasons)
	}
	if !strings.Contains(strings.Join(st.Warnings, "\n"), "ended at 2026-11-22T12:00:00Z") {
		t.Errorf("warnings = %q", st.Warnings)
	}
}

func TestLabUCCEIntegrationIsIrreversible(t *testing.T) {
	lab, dir, _ := newLab(t)
	ctx := context.Background()
	r := NewUCCEIntegration(UCCEIntegrationConfig{Addr: ucceAddr, Backend: lab, Settings: ucceSettings(), LookupEnv: lookupEnv})
	st, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	create, err := r.Plan(resources.PlanInput{Current: st, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if create.Action != resources.Create || !create.Irreversible {
		t.Fatalf("plan = %s irreversible=%v, want an irreversible create", create.Action.Word(), create.Irreversible)
	}
	converge(t, r, t0)
	grepTree(t, dir, awdbPassword)

	// Applying the same create again: ECE refuses a second save.
	if _, err := r.Apply(ctx, create); !errors.Is(err, eceadmin.ErrPermanent) {
		t.Errorf("second save: %v, want ErrPermanent", err)
	}

	// A changed value can never be planned as an update.
	s := ucceSettings()
	s.ApplicationInstance = "Main_PS1_Multichannel"
	changed := NewUCCEIntegration(UCCEIntegrationConfig{Addr: ucceAddr, Backend: lab, Settings: s, LookupEnv: lookupEnv})
	st, err = changed.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := changed.Plan(resources.PlanInput{Current: st, Now: t0})
	if !errors.Is(err, ErrNotConvergeable) {
		t.Fatalf("err = %v, want ErrNotConvergeable", err)
	}
	checkCodes(t, ch, []string{NotConvergeable})
	if ch.Action != resources.NoOp || ch.Irreversible {
		t.Errorf("failed plan carries %s irreversible=%v", ch.Action.Word(), ch.Irreversible)
	}
}

func TestReadNamesAMissingSecret(t *testing.T) {
	lab, _, _ := newLab(t)
	s := ssoSettings()
	s.Password = envRef("NOT_SET")
	r := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: lab, Settings: s, LookupEnv: lookupEnv})
	_, err := r.Read(context.Background())
	if err == nil || !strings.Contains(err.Error(), "env:NOT_SET") {
		t.Fatalf("err = %v, want it to name env:NOT_SET", err)
	}
}

// TestLabPartitionSSOFailingVerificationSavesNothing: settings the
// directory refuses are not saved in ECE; apply says why.
func TestLabPartitionSSOFailingVerificationSavesNothing(t *testing.T) {
	lab, dir, _ := newLab(t)
	bad := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: lab, Settings: ssoSettings(), LookupEnv: lookupEnv,
		Verify: func(context.Context) VerifyResult { return *unverified() }})
	ctx := context.Background()
	st, err := bad.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := bad.Plan(resources.PlanInput{Current: st, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	before := snapshotDir(t, dir)
	_, err = bad.Apply(ctx, ch)
	if err == nil || !strings.Contains(err.Error(), "not saved") || !strings.Contains(err.Error(), "TLSUnknownAuthority") {
		t.Fatalf("Apply = %v, want the verification failure and nothing saved", err)
	}
	if after := snapshotDir(t, dir); after != before {
		t.Errorf("Apply wrote in the ECE store although the verification failed:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshotDir lists every file below dir with its content's length and
// hash, as one string.
func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %x\n", p, sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
