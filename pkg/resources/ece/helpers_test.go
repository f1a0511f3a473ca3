package ece

import (
	"context"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/goldenfile"
	"github.com/ecereconcile/ecereconcile/internal/testkit"
	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// t0 is the fixed clock of the tests.
var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// Distinctive secrets: no file, attribute or error may hold them.
const (
	ldapPassword = "Ldap-Zq7-distinctive-91"
	awdbPassword = "Awdb-Kx4-distinctive-37"
)

func lookupEnv(name string) (string, bool) {
	switch name {
	case "ECE_LDAP_PASSWORD":
		return ldapPassword, true
	case "AWDB_PASSWORD":
		return awdbPassword, true
	case "ROTATED":
		return "rotated-password", true
	}
	return "", false
}

// stub is a backend for pure Plan tests: it only names itself and hashes
// under a fixed key.
type stub struct{ name string }

var stubKey = []byte("stub key of the plan tests")

func (s stub) Name() string { return s.name }
func (s stub) Read(context.Context, eceadmin.Section) (eceadmin.Observed, error) {
	panic("stub backend: Read is not for plan tests")
}
func (s stub) Apply(context.Context, eceadmin.Section, eceadmin.Task) (eceadmin.Observed, error) {
	panic("stub backend: Apply is not for plan tests")
}
func (s stub) Hash(_ context.Context, v string) (string, error) {
	return eceadmin.HashSecret(stubKey, v), nil
}

var (
	labStub    = stub{"lab"}
	manualStub = stub{"manual"}
)

// zeroRand is deterministic randomness for hash keys.
type zeroRand struct{}

func (zeroRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i)
	}
	return len(p), nil
}

// seal is the ValuesHash the stub gives a task.
func seal(t *testing.T, task eceadmin.Task) string {
	t.Helper()
	s, err := eceadmin.Seal(context.Background(), labStub, task)
	if err != nil {
		t.Fatal(err)
	}
	return s.ValuesHash
}

// newLab seeds a lab store and returns its backend with a settable clock.
func newLab(t *testing.T) (*eceadmin.Lab, string, *time.Time) {
	t.Helper()
	dir := t.TempDir()
	if err := eceadmin.SeedLab(dir); err != nil {
		t.Fatal(err)
	}
	now := t0
	return eceadmin.NewLab(dir, eceadmin.LabClock(func() time.Time { return now }), eceadmin.LabRand(zeroRand{})), dir, &now
}

// codes returns the reason codes of a change.
func codes(ch resources.Change) []string {
	var out []string
	for _, r := range ch.Reasons {
		out = append(out, r.Code)
	}
	return out
}

func checkCodes(t *testing.T, ch resources.Change, want []string) {
	t.Helper()
	if got := codes(ch); !slices.Equal(got, want) {
		t.Errorf("reasons = %v, want %v (%+v)", got, want, ch.Reasons)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got, *update)
}

// grepTree fails when needle occurs in any file below dir, or in a name.
func grepTree(t *testing.T, dir, needle string) {
	t.Helper()
	testkit.NoSecretInTree(t, dir, needle)
}

// noSecretIn fails when a state or change shows a secret.
func noSecretIn(t *testing.T, what string, attrs resources.Attrs, secrets ...string) {
	t.Helper()
	for k, v := range attrs {
		for _, s := range secrets {
			if strings.Contains(v.S, s) {
				t.Errorf("%s attribute %s holds a secret", what, k)
			}
		}
	}
}

// converge plans, applies and re-plans r like the engine, at now.
func converge(t *testing.T, r resources.Resource, now time.Time) resources.Change {
	t.Helper()
	ctx := context.Background()
	st, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: st, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Action == resources.NoOp {
		t.Fatalf("nothing to do: %+v", ch)
	}
	if _, err := r.Apply(ctx, ch); err != nil {
		t.Fatal(err)
	}
	st, err = r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := r.Plan(resources.PlanInput{Current: st, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if again.Action != resources.NoOp {
		t.Fatalf("did not converge: %s %v", again.Action.Word(), again.Reasons)
	}
	return ch
}

// envRef is an env: secret reference.
func envRef(name string) spec.SecretRef { return spec.SecretRef{Env: name} }
