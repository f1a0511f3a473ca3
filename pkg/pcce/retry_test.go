package pcce_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

func TestServerErrorsAreRetried(t *testing.T) {
	tests := []struct {
		name         string
		inject       func(*pccesim.Server)
		retries      int
		wantErr      []string // empty: success
		wantAttempts int
	}{
		{
			name:         "two 503 then an answer",
			inject:       func(s *pccesim.Server) { s.FailNext(2, http.StatusServiceUnavailable) },
			retries:      4,
			wantAttempts: 3,
		},
		{
			name:         "a 500 then an answer",
			inject:       func(s *pccesim.Server) { s.FailNext(1, http.StatusInternalServerError) },
			retries:      4,
			wantAttempts: 2,
		},
		{
			name:         "gives up after the retries",
			inject:       func(s *pccesim.Server) { s.FailNext(100, http.StatusServiceUnavailable) },
			retries:      2,
			wantErr:      []string{"pcce: listing machines: PCCE {aw} failed to answer the request (HTTP 503 on GET /unifiedconfig/config/machineinventory): 503 Service Unavailable (gave up after 3 attempt(s))"},
			wantAttempts: 3,
		},
		{
			name:         "no retries when told so",
			inject:       func(s *pccesim.Server) { s.FailNext(1, http.StatusBadGateway) },
			retries:      -1,
			wantErr:      []string{"HTTP 502", "(gave up after 1 attempt(s))"},
			wantAttempts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{})
			var waits []time.Duration
			c, _ := newClient(t, sim, func(cfg *pcce.Config) {
				cfg.Retries = tt.retries
				cfg.Backoff = func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
				cfg.Sleep = func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return ctx.Err() }
			})
			tt.inject(sim)
			ms, err := c.ListMachines(context.Background(), "")
			switch {
			case len(tt.wantErr) == 0 && err != nil:
				t.Fatal(err)
			case len(tt.wantErr) == 0 && len(ms) == 0:
				t.Error("no machines")
			case len(tt.wantErr) > 0 && err == nil:
				t.Fatal("no error")
			}
			for _, w := range tt.wantErr {
				if w = atAW(t, sim, w); !strings.Contains(err.Error(), w) {
					t.Errorf("error\n  %v\nlacks\n  %s", err, w)
				}
			}
			if got := sim.Stats().Count(http.MethodGet, pcce.PathMachines); got != tt.wantAttempts {
				t.Errorf("%d attempts, want %d", got, tt.wantAttempts)
			}
			if len(waits) != tt.wantAttempts-1 {
				t.Errorf("waited %v between %d attempts", waits, tt.wantAttempts)
			}
			for i, d := range waits {
				if d != time.Duration(i+1)*time.Millisecond {
					t.Errorf("wait %d was %v, want the backoff of attempt %d", i, d, i+1)
				}
			}
		})
	}
}

// TestFailRateIsSurvived: with a fixed seed, a third of the requests fail
// and every operation still succeeds; each failure costs one attempt.
func TestFailRateIsSurvived(t *testing.T) {
	sim := newSim(t, pccesim.Options{
		Machines: pccesim.GenerateMachines(150, pcce.TypeECEWebServer, "ece-web", "example.com"),
		Rand:     rand.New(rand.NewPCG(7, 7)),
	})
	c, _ := newClient(t, sim, func(cfg *pcce.Config) { cfg.Retries = 20 })
	sim.SetFailRate(1.0 / 3)
	ctx := context.Background()
	for i := range 10 {
		ms, err := c.ListMachines(ctx, pcce.TypesQuery(pcce.TypeECEWebServer))
		if err != nil {
			t.Fatalf("listing %d: %v", i, err)
		}
		if len(ms) != 150 {
			t.Fatalf("listing %d: %d machines, want 150", i, len(ms))
		}
	}
	st := sim.Stats()
	if st.Failed == 0 {
		t.Fatal("no request failed: the fail rate was not applied")
	}
	if got, want := st.Count(http.MethodGet, pcce.PathMachines), 10*2+st.Failed; got != want {
		t.Errorf("%d requests, want 20 pages + %d failures", got, st.Failed)
	}
}

func TestHangTimesOut(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		total   time.Duration
		retries int
		want    []string
	}{
		{
			name: "per-request timeout, then out of retries", timeout: 20 * time.Millisecond, total: 10 * time.Second, retries: 2,
			want: []string{"pcce: listing machines: GET /unifiedconfig/config/machineinventory on {aw}: timed out after 20ms waiting for an answer (per-request timeout) (gave up after 3 attempt(s))"},
		},
		{
			name: "total timeout", timeout: 20 * time.Millisecond, total: 90 * time.Millisecond, retries: 100,
			want: []string{"pcce: listing machines: timed out: timed out after 90ms (total timeout)", "attempt(s); last: GET /unifiedconfig/config/machineinventory on {aw}: no answer before the total timeout"},
		},
		{
			name: "total timeout shorter than one request", timeout: time.Second, total: 30 * time.Millisecond, retries: 4,
			want: []string{"timed out after 30ms (total timeout), 1 attempt(s)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{})
			sim.SetHang(true)
			c, _ := newClient(t, sim, func(cfg *pcce.Config) {
				cfg.Timeout, cfg.TotalTimeout, cfg.Retries = tt.timeout, tt.total, tt.retries
			})
			_, err := c.ListMachines(context.Background(), "")
			if !errors.Is(err, pcce.ErrTimeout) {
				t.Fatalf("got %v, want ErrTimeout", err)
			}
			for _, w := range tt.want {
				if w = atAW(t, sim, w); !strings.Contains(err.Error(), w) {
					t.Errorf("error\n  %v\nlacks\n  %s", err, w)
				}
			}
		})
	}
}

// TestLostCreateAnswerNeverDuplicates: whatever happens to a POST's
// answer, exactly one machine exists afterwards and its refURL is returned.
func TestLostCreateAnswerNeverDuplicates(t *testing.T) {
	tests := []struct {
		name      string
		inject    func(*pccesim.Server)
		host      string
		wantPOSTs int
		wantLists int // searches of the inventory before sending again
	}{
		{"answer dropped after the create", func(s *pccesim.Server) { s.DropNext(http.MethodPost, 1, pccesim.DropAfter) }, "ece-web-a.example.com", 1, 1},
		{"short host name, answer dropped after the create", func(s *pccesim.Server) { s.DropNext(http.MethodPost, 1, pccesim.DropAfter) }, "ece-web-a", 1, 1},
		{"connection dropped before the create", func(s *pccesim.Server) { s.DropNext(http.MethodPost, 1, pccesim.DropBefore) }, "ece-web-a.example.com", 2, 1},
		{"503: certainly not created, sent again at once", func(s *pccesim.Server) { s.FailNext(1, http.StatusServiceUnavailable) }, "ece-web-a.example.com", 2, 0},
		{"500: maybe created, searched first", func(s *pccesim.Server) { s.FailNext(1, http.StatusInternalServerError) }, "ece-web-a.example.com", 2, 1},
		{"answered at once", func(*pccesim.Server) {}, "ece-web-a.example.com", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{})
			c, _ := newClient(t, sim, nil)
			tt.inject(sim)
			ref, err := c.CreateMachine(context.Background(), webServer("ece-web-a", tt.host, paPassword))
			if err != nil {
				t.Fatal(err)
			}
			if n := machinesOnHost(sim, "ece-web-a.example.com"); n != 1 {
				t.Fatalf("%d machines on the host, want 1", n)
			}
			var found bool
			for _, m := range sim.Machines() {
				found = found || m.RefURL == ref
			}
			if !found {
				t.Errorf("refURL %q names no machine", ref)
			}
			st := sim.Stats()
			if got := st.Count(http.MethodPost, pcce.PathMachines); got != tt.wantPOSTs {
				t.Errorf("%d POSTs, want %d", got, tt.wantPOSTs)
			}
			if got := st.Count(http.MethodGet, pcce.PathMachines); got != tt.wantLists {
				t.Errorf("%d inventory searches, want %d", got, tt.wantLists)
			}
		})
	}
}

func TestLostUpdateAnswerIsAConflict(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	c, _ := newClient(t, sim, nil)
	ctx := context.Background()
	ref, err := c.CreateMachine(ctx, webServer("ece-web-a", "ece-web-a", paPassword))
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.GetMachine(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	sim.DropNext(http.MethodPut, 1, pccesim.DropAfter)
	m.Description = "changed"
	err = c.UpdateMachine(ctx, m)
	if !errors.Is(err, pcce.ErrConflict) {
		t.Fatalf("got %v, want ErrConflict (the lost update was applied)", err)
	}
	got, err := c.GetMachine(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != "changed" || got.ChangeStamp != 1 {
		t.Errorf("machine %+v, want the update applied once", got)
	}
}

func TestCallerCancellation(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	sim.SetHang(true)
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := newClient(t, sim, func(cfg *pcce.Config) {
		cfg.Timeout = 10 * time.Millisecond
		cfg.Retries = 100
		cfg.Sleep = func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
	})
	_, err := c.ListMachines(ctx, "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if errors.Is(err, pcce.ErrTimeout) {
		t.Errorf("a cancellation reported as a timeout: %v", err)
	}
}
