package inventory

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/testkit"
	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// Distinctive secrets: no attribute, reason, error or state file may hold
// them. paPassword has characters the bulk CSV escapes.
const (
	apiPassword = "Api-Secret-3Hd9w"
	paPassword  = "Pa-Secret-7Qx&=%"
	paPassword2 = "Pa-Secret-2Lm;,v"
	paEnv       = "ECE_PA_PASSWORD"
)

var fixedNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// newSim starts a simulator; closed at the end of the test.
func newSim(t *testing.T, opts pccesim.Options) *pccesim.Server {
	return testkit.PCCESim(t, opts, apiPassword)
}

// newClient is a client of sim with no backoff waits.
func newClient(t *testing.T, sim *pccesim.Server) *pcce.Client {
	return testkit.PCCEClient(t, sim, apiPassword)
}

// env is a settable environment for LookupEnv.
type env map[string]string

func (e env) lookup(k string) (string, bool) {
	v, ok := e[k]
	return v, ok
}

// webConfig is the ECE web server of tech note step 4.3.
func webConfig(c Client, stateDir string, e env) Config {
	return Config{
		Addr:        resources.Addr{Kind: Kind, Name: "ece_web", Host: "pcce"},
		Client:      c,
		Type:        pcce.TypeECEWebServer,
		Name:        "ece-web",
		HostName:    "ece.example.com",
		User:        "pa@example.com",
		Password:    spec.SecretRef{Env: paEnv},
		AppInstance: pccesim.DefaultApplicationInstance,
		LookupEnv:   e.lookup,
		StateDir:    stateDir,
		Now:         func() time.Time { return fixedNow },
		Rand:        rand.NewChaCha8([32]byte{7}),
	}
}

// dataConfig is an ECE data server of tech note step 4.2.
func dataConfig(c Client, name, host string) Config {
	return Config{
		Addr:     resources.Addr{Kind: Kind, Name: strings.ReplaceAll(name, "-", "_"), Host: "pcce"},
		Client:   c,
		Type:     pcce.TypeECE,
		Name:     name,
		HostName: host,
	}
}

// plan reads and plans, as the engine does.
func plan(t *testing.T, r *Resource) (resources.State, resources.Change) {
	t.Helper()
	st, err := r.Read(context.Background())
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: st, Now: fixedNow})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return st, ch
}

// apply applies ch and checks, as the engine does, that the resource then
// plans NoOp.
func apply(t *testing.T, r *Resource, ch resources.Change) resources.State {
	t.Helper()
	if _, err := r.Apply(context.Background(), ch); err != nil {
		t.Fatalf("apply: %v", err)
	}
	st, after := plan(t, r)
	if after.Action != resources.NoOp {
		t.Fatalf("did not converge: %s %v", after.Action.Word(), after.Reasons)
	}
	return st
}

// codes lists the reason codes of ch.
func codes(ch resources.Change) string {
	var out []string
	for _, r := range ch.Reasons {
		out = append(out, r.Code)
	}
	return strings.Join(out, ",")
}

// machinesOnHost counts the simulator's machines with this host name.
func machinesOnHost(sim *pccesim.Server, host string) int {
	n := 0
	for _, m := range sim.Machines() {
		if pcce.SameHost(m.HostName, host) {
			n++
		}
	}
	return n
}

// leaks fails the test if any text shows one of the passwords.
func leaks(t *testing.T, what string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		for _, pw := range []string{paPassword, paPassword2, apiPassword} {
			if strings.Contains(s, pw) {
				t.Errorf("%s shows a password: %s", what, s)
			}
		}
	}
}

// leaksInDir fails the test if a file below dir holds a password.
func leaksInDir(t *testing.T, dir string) {
	t.Helper()
	for _, pw := range []string{paPassword, paPassword2} {
		testkit.NoSecretInTree(t, dir, pw)
	}
}

// describe renders everything a state and a change show people.
func describe(st resources.State, ch resources.Change) string {
	var b strings.Builder
	for _, a := range []resources.Attrs{st.Attrs, ch.Before, ch.After} {
		for _, k := range a.Keys() {
			b.WriteString(k + "=" + a[k].S + "\n")
		}
	}
	for _, r := range ch.Reasons {
		b.WriteString(r.Code + ": " + r.Message + "\n")
	}
	b.WriteString(strings.Join(st.Warnings, "\n"))
	return b.String()
}
