package faults

import (
	"context"
	"crypto/tls"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

const simPassword = "Faults-Sim-Secret-7Qp"

// startSim starts a PCCE simulator drawing its failures from src.
func startSim(t *testing.T, src *Source) *pccesim.Server {
	t.Helper()
	sim, err := pccesim.New(pccesim.Options{Password: simPassword, Rand: rand.New(src)})
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	return sim
}

// get lists the inventory once (a fresh connection each time) and returns
// the status, or 0 and the error when no answer came.
func get(ctx context.Context, sim *pccesim.Server) (int, error) {
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: sim.CertPool(), MinVersion: tls.VersionTLS12}, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, sim.URL()+pcce.PathMachines, nil)
	if err != nil {
		return 0, err
	}
	req.SetBasicAuth(pccesim.DefaultUser, simPassword)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return 0, err
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// statuses sends n requests one after the other.
func statuses(t *testing.T, sim *pccesim.Server, n int) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		var err error
		if out[i], err = get(context.Background(), sim); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	return out
}
