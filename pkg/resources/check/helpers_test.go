package check

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/testkit"
	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

const apiPassword = "Api-Secret-8Kd2p"

// newSim starts a simulator; closed at the end of the test.
func newSim(t *testing.T, opts pccesim.Options) *pccesim.Server {
	return testkit.PCCESim(t, opts, apiPassword)
}

// newClient is a client of sim with no backoff waits.
func newClient(t *testing.T, sim *pccesim.Server) *pcce.Client {
	return testkit.PCCEClient(t, sim, apiPassword)
}

func addr(c Check) resources.Addr { return resources.Addr{Kind: Kind, Name: c.String()} }

// read reads and plans with triggers, as the engine does.
func read(t *testing.T, r *Resource, triggers ...resources.Trigger) (resources.State, resources.Change, error) {
	t.Helper()
	st, err := r.Read(context.Background())
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: st, Triggers: triggers})
	return st, ch, err
}

// codes lists the reason codes of ch.
func codes(ch resources.Change) string {
	var out []string
	for _, r := range ch.Reasons {
		out = append(out, r.Code)
	}
	return strings.Join(out, ",")
}

// wantErr fails unless err holds every want.
func wantErr(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one holding %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error\n  %v\nlacks\n  %s", err, w)
		}
	}
}

// wantCannotConverge fails unless err matches resources.ErrCannotConverge
// exactly when want says so.
func wantCannotConverge(t *testing.T, err error, want bool) {
	t.Helper()
	if got := errors.Is(err, resources.ErrCannotConverge); got != want {
		t.Errorf("errors.Is(%v, ErrCannotConverge) = %v, want %v", err, got, want)
	}
}
