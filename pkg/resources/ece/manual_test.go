package ece

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// operator is a manual backend whose Confirm renders the task like the CLI
// and answers "alice".
type operator struct {
	backend  *eceadmin.Manual
	stateDir string
	shown    bytes.Buffer
	tasks    int
}

func newOperator(t *testing.T) *operator {
	t.Helper()
	o := &operator{stateDir: filepath.Join(t.TempDir(), "state")}
	o.backend = eceadmin.NewManual(eceadmin.ManualConfig{
		StateDir: o.stateDir,
		Now:      func() time.Time { return t0 },
		Rand:     zeroRand{},
		Confirm: func(_ context.Context, task eceadmin.Task) (string, error) {
			o.tasks++
			if task.Secrets != nil {
				return "", errors.New("the operator was handed resolved secrets")
			}
			o.shown.Reset()
			if err := eceadmin.RenderTask(&o.shown, task); err != nil {
				return "", err
			}
			return "alice", nil
		},
	})
	return o
}

func TestManualPartitionSSO(t *testing.T) {
	op := newOperator(t)
	r := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: op.backend, Settings: ssoSettings(), LookupEnv: lookupEnv,
		Verify: func(context.Context) VerifyResult { return *verified() }})
	ch := converge(t, r, t0)
	checkCodes(t, ch, []string{NotAttested})
	if op.tasks != 1 {
		t.Fatalf("operator asked %d times", op.tasks)
	}
	if strings.Contains(op.shown.String(), ldapPassword) {
		t.Fatal("the rendered task holds the password")
	}
	golden(t, "task_partition_sso.golden", op.shown.Bytes())
	grepTree(t, op.stateDir, ldapPassword)

	st, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(st.Warnings, "\n"); !strings.Contains(got, "unknown since the attestation by alice at 2026-11-22T10:00:00Z") {
		t.Errorf("warnings = %q", st.Warnings)
	}
	if got := st.Attrs[AttrAttestation].S; got != "alice at 2026-11-22T10:00:00Z" {
		t.Errorf("attestation attr = %q", got)
	}

	// A rotated password is a new operator task, though no file holds it.
	s := ssoSettings()
	s.Password = envRef("ROTATED")
	rotated := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: op.backend, Settings: s, LookupEnv: lookupEnv})
	st, err = rotated.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ch, err = rotated.Plan(resources.PlanInput{Current: st, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	checkCodes(t, ch, []string{ValuesChangedSinceAttestation})
}

func TestManualTraceLevel(t *testing.T) {
	op := newOperator(t)
	r := NewTraceLevel(TraceLevelConfig{Addr: traceAddr, Backend: op.backend, Process: eaas,
		Level: eceadmin.TraceDbquery, Now: func() time.Time { return t0 }})
	checkCodes(t, converge(t, r, t0), []string{NotAttested})
	golden(t, "task_trace_level.golden", op.shown.Bytes())
}

func TestManualUCCEIntegration(t *testing.T) {
	op := newOperator(t)
	ctx := context.Background()
	r := NewUCCEIntegration(UCCEIntegrationConfig{Addr: ucceAddr, Backend: op.backend, Settings: ucceSettings(), LookupEnv: lookupEnv})
	st, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	create, err := r.Plan(resources.PlanInput{Current: st, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if !create.Irreversible {
		t.Fatal("create is not irreversible")
	}
	converge(t, r, t0)
	golden(t, "task_ucce_integration.golden", op.shown.Bytes())
	grepTree(t, op.stateDir, awdbPassword)

	asked := op.tasks
	if _, err := r.Apply(ctx, create); !errors.Is(err, eceadmin.ErrPermanent) {
		t.Errorf("second save: %v, want ErrPermanent", err)
	}
	if op.tasks != asked {
		t.Error("the operator was asked to save the integration twice")
	}
	s := ucceSettings()
	s.AWDBPort = 1434
	changed := NewUCCEIntegration(UCCEIntegrationConfig{Addr: ucceAddr, Backend: op.backend, Settings: s, LookupEnv: lookupEnv})
	st, err = changed.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := changed.Plan(resources.PlanInput{Current: st, Now: t0}); !errors.Is(err, ErrNotConvergeable) {
		t.Errorf("err = %v, want ErrNotConvergeable", err)
	}
}
