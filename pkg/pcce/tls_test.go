package pcce_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

func TestNewRefusesUnsafeConfigs(t *testing.T) {
	pool := x509.NewCertPool()
	tests := []struct {
		name string
		cfg  pcce.Config
		want string
	}{
		{"http", pcce.Config{BaseURL: "http://aw.example.com", User: "u", RootCAs: pool}, "only https is accepted"},
		{"no scheme", pcce.Config{BaseURL: "aw.example.com", User: "u", RootCAs: pool}, "is not an absolute URL"},
		{"no CA bundle", pcce.Config{BaseURL: "https://aw.example.com", User: "u"}, "no CA bundle to verify the AW's certificate"},
		{"credentials in the URL", pcce.Config{BaseURL: "https://u:" + apiPassword + "@aw.example.com", User: "u", RootCAs: pool}, "must not carry credentials"},
		{"query in the URL", pcce.Config{BaseURL: "https://aw.example.com/?x=1", User: "u", RootCAs: pool}, "must not have a query"},
		{"no user", pcce.Config{BaseURL: "https://aw.example.com", RootCAs: pool}, "no user"},
		{
			"verification skipped",
			pcce.Config{BaseURL: "https://aw.example.com", User: "u", RootCAs: pool, HTTPClient: &http.Client{
				Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, //nolint:gosec // the case refused
			}},
			"skips certificate verification; refused",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := pcce.New(tt.cfg)
			if err == nil {
				t.Fatalf("New accepted %+v", c)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			if strings.Contains(err.Error(), apiPassword) {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

func TestUntrustedCertificateIsRefused(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	other := newSim(t, pccesim.Options{})
	tests := []struct {
		name string
		pool *x509.CertPool
		url  string
		want string
	}{
		{"another CA", other.CertPool(), sim.URL(), "certificate of 127.0.0.1 not trusted by the CA bundle: x509: certificate signed by unknown authority"},
		{"empty bundle", x509.NewCertPool(), sim.URL(), "not trusted by the CA bundle"},
		{"name not in the certificate", sim.CertPool(), strings.Replace(sim.URL(), "127.0.0.1", "aw.example.com", 1), "certificate of aw.example.com does not name that host: x509: certificate is valid for localhost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := sim.Stats().Total
			c, _ := newClient(t, sim, func(cfg *pcce.Config) {
				cfg.RootCAs = tt.pool
				cfg.BaseURL = tt.url
				cfg.HTTPClient = dialing(sim)
			})
			_, err := c.ListMachines(context.Background(), "")
			if !errors.Is(err, pcce.ErrUntrusted) {
				t.Fatalf("got %v, want ErrUntrusted", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nlacks\n  %s", err, tt.want)
			}
			if got := sim.Stats().Total - before; got != 0 {
				t.Errorf("the simulator handled %d requests over an untrusted connection", got)
			}
		})
	}
}

// dialing is an HTTP client that reaches sim whatever host the URL names,
// as DNS would for aw.example.com.
func dialing(sim *pccesim.Server) *http.Client {
	addr := strings.TrimPrefix(sim.URL(), "https://")
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}}
}

func TestCertificateNamesExtraHosts(t *testing.T) {
	sim := newSim(t, pccesim.Options{DNSNames: []string{"aw.example.com"}})
	c, _ := newClient(t, sim, func(cfg *pcce.Config) {
		cfg.BaseURL = strings.Replace(sim.URL(), "127.0.0.1", "aw.example.com", 1)
		cfg.HTTPClient = dialing(sim)
	})
	if _, err := c.ListMachines(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
}

func TestCleartextNeverServed(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	plain := "http://" + strings.TrimPrefix(sim.URL(), "https://") + pcce.PathMachines
	resp, err := http.Get(plain) //nolint:noctx // a one-shot probe
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("cleartext request answered %d, want the TLS layer's 400", resp.StatusCode)
	}
	st := sim.Stats()
	if st.CleartextRefused != 1 || st.CleartextServed != 0 || st.Total != 0 {
		t.Errorf("stats %+v: want one cleartext connection refused, none served", st)
	}
}
