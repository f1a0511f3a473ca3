package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// PCCESim starts a PCCE simulator whose API password is apiPassword,
// closed at the end of the test.
func PCCESim(tb testing.TB, opts pccesim.Options, apiPassword string) *pccesim.Server {
	tb.Helper()
	opts.Password = apiPassword
	sim, err := pccesim.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	if err := sim.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = sim.Close() })
	return sim
}

// PCCEClient is a client of sim that never waits between retries.
func PCCEClient(tb testing.TB, sim *pccesim.Server, apiPassword string) *pcce.Client {
	tb.Helper()
	c, err := pcce.New(pcce.Config{
		BaseURL:      sim.URL(),
		User:         pccesim.DefaultUser,
		Password:     apiPassword,
		RootCAs:      sim.CertPool(),
		Timeout:      5 * time.Second,
		TotalTimeout: 20 * time.Second,
		Backoff:      func(int) time.Duration { return 0 },
		Sleep:        func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
