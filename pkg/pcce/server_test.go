package pcce_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// TestErrorsNameTheAW: with several AWs an operator must know which one
// failed, so every kind of failure names the host:port of the base URL
// (443 when the URL gives no port), and never the credentials.
func TestErrorsNameTheAW(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*pccesim.Server, *pcce.Config)
		want  string
	}{
		{
			name:  "credentials refused",
			setup: func(_ *pccesim.Server, cfg *pcce.Config) { cfg.Password = "Wrong-Secret-77xq" },
			want:  "pcce: listing machines: PCCE aw1.example.com:443 refused the credentials (HTTP 401 on GET /unifiedconfig/config/machineinventory)",
		},
		{
			name:  "server error after the retries",
			setup: func(s *pccesim.Server, cfg *pcce.Config) { s.FailNext(100, http.StatusBadGateway); cfg.Retries = 1 },
			want:  "pcce: listing machines: PCCE aw1.example.com:443 failed to answer the request (HTTP 502 on GET /unifiedconfig/config/machineinventory)",
		},
		{
			name: "no answer in time",
			setup: func(s *pccesim.Server, cfg *pcce.Config) {
				s.SetHang(true)
				cfg.Timeout, cfg.Retries = 20*time.Millisecond, -1
			},
			want: "pcce: listing machines: GET /unifiedconfig/config/machineinventory on aw1.example.com:443: timed out after 20ms waiting for an answer (per-request timeout)",
		},
		{
			name: "an explicit port is kept",
			setup: func(_ *pccesim.Server, cfg *pcce.Config) {
				cfg.BaseURL = "https://aw1.example.com:9443"
				cfg.Password = "Wrong-Secret-77xq"
			},
			want: "PCCE aw1.example.com:9443 refused the credentials",
		},
		{
			name: "no connection",
			setup: func(_ *pccesim.Server, cfg *pcce.Config) {
				cfg.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: refuse}}
				cfg.Retries = -1
			},
			want: "pcce: listing machines: GET /unifiedconfig/config/machineinventory: cannot connect to aw1.example.com:443: dial tcp aw1.example.com:443: connection refused",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{DNSNames: []string{"aw1.example.com"}})
			c, _ := newClient(t, sim, func(cfg *pcce.Config) {
				cfg.BaseURL = "https://aw1.example.com"
				cfg.HTTPClient = dialing(sim)
				tt.setup(sim, cfg)
			})
			_, err := c.ListMachines(context.Background(), "")
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nlacks\n  %s", err, tt.want)
			}
			for _, secret := range []string{apiPassword, "Wrong-Secret-77xq", pccesim.DefaultUser + ":"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error shows %q: %v", secret, err)
				}
			}
		})
	}
}

// refuse is a dialer that finds nobody listening.
func refuse(_ context.Context, network, addr string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: network, Addr: hostAddr(addr), Err: errors.New("connection refused")}
}

// hostAddr is a dialled address as the caller wrote it.
type hostAddr string

func (hostAddr) Network() string  { return "tcp" }
func (a hostAddr) String() string { return string(a) }
