package pcce_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// Distinctive secrets: no error text or log line may contain them.
const (
	apiPassword = "Api-Secret-9f3Kq"
	paPassword  = "Pa-Secret-4Tz8w"
)

// newSim starts a simulator with the API password; closed at the end.
func newSim(t *testing.T, opts pccesim.Options) *pccesim.Server {
	t.Helper()
	if opts.Password == "" {
		opts.Password = apiPassword
	}
	sim, err := pccesim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	return sim
}

// newClient is a client of sim with no backoff waits and an observed
// logger; mod adjusts the config.
func newClient(t *testing.T, sim *pccesim.Server, mod func(*pcce.Config)) (*pcce.Client, *observer.ObservedLogs) {
	t.Helper()
	core, logs := observer.New(zap.DebugLevel)
	cfg := pcce.Config{
		BaseURL:      sim.URL(),
		User:         pccesim.DefaultUser,
		Password:     apiPassword,
		RootCAs:      sim.CertPool(),
		Timeout:      5 * time.Second,
		TotalTimeout: 20 * time.Second,
		Backoff:      func(int) time.Duration { return 0 },
		Sleep:        func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
		Logger:       zap.New(core),
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := pcce.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, logs
}

// webServer is an ECE web server entry for the seeded application instance.
func webServer(name, host, password string) pcce.Machine {
	return pcce.NewECEWebServer(name, host, "pa", pcce.Password(password),
		pcce.Ref{Name: pccesim.DefaultApplicationInstance})
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

// atAW replaces {aw} in want with the simulator's host:port, as errors
// name the AW that answered.
func atAW(t *testing.T, sim *pccesim.Server, want string) string {
	t.Helper()
	u, err := url.Parse(sim.URL())
	if err != nil || u.Port() == "" {
		t.Fatalf("simulator URL %q has no port: %v", sim.URL(), err)
	}
	return strings.ReplaceAll(want, "{aw}", u.Host)
}
