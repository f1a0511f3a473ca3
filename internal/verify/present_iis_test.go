package verify

import (
	"errors"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
	"github.com/ecereconcile/ecereconcile/pkg/winops/labwin"
)

func TestIISPresenter(t *testing.T) {
	root := newCert(t, certOpts{cn: "Root", ca: true})
	inter := newCert(t, certOpts{cn: "Issuing", ca: true, parent: &root})
	leaf := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}, parent: &inter})
	self := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}})
	tp := labwin.Thumbprint
	https := func(info string, flags int) winops.Binding {
		return winops.Binding{Protocol: "https", Information: info, SSLFlags: flags}
	}
	ssl := func(endpoint string, c testCert) winops.SSLBinding {
		return winops.SSLBinding{Endpoint: endpoint, CertHash: tp(c.cert.Raw), AppID: winops.IISAppID, CertStoreName: winops.StoreMy}
	}
	http80 := winops.Binding{Protocol: "http", Information: "*:80:"}
	type lab struct {
		bindings []winops.Binding // nil: no applicationHost.config
		certs    []testCert
		ssl      []winops.SSLBinding
	}
	tests := []struct {
		name string
		lab  lab
		// presented leaf per server name asked ("" = no SNI); absent: nothing
		want   map[string]testCert
		chain  int
		reason string // in the error for a name not in want
	}{
		{name: "as the tech note wants", lab: lab{bindings: []winops.Binding{http80, https("*:443:", 0)}, certs: []testCert{self},
			ssl: []winops.SSLBinding{ssl("0.0.0.0:443", self)}}, want: map[string]testCert{fqdn: self, "": self, "web-b.example.com": self}, chain: 1},
		{name: "lab before the tech note: host name and SNI", lab: lab{bindings: []winops.Binding{http80, https("*:443:web-b.example.com", winops.SSLFlagSNI)},
			certs: []testCert{self}, ssl: []winops.SSLBinding{ssl("web-b.example.com:443", self)}},
			want: map[string]testCert{"web-b.example.com": self}, chain: 1, reason: "every https binding on port 443 requires SNI"},
		{name: "SNI switched on, no host name", lab: lab{bindings: []winops.Binding{https("*:443:", winops.SSLFlagSNI)}, certs: []testCert{self},
			ssl: []winops.SSLBinding{ssl("0.0.0.0:443", self)}}, reason: "requires SNI"},
		{name: "no https binding", lab: lab{bindings: []winops.Binding{http80}}, reason: `IIS site "Default Web Site" has no https binding on port 443`},
		{name: "https on another port only", lab: lab{bindings: []winops.Binding{https("*:8443:", 0)}, certs: []testCert{self},
			ssl: []winops.SSLBinding{ssl("0.0.0.0:8443", self)}}, reason: "no https binding on port 443"},
		{name: "binding without an http.sys certificate", lab: lab{bindings: []winops.Binding{https("*:443:", 0)}},
			reason: "the https binding *:443: has no http.sys certificate binding (0.0.0.0:443)"},
		{name: "http.sys names a certificate not in the store", lab: lab{bindings: []winops.Binding{https("*:443:", 0)},
			ssl: []winops.SSLBinding{ssl("0.0.0.0:443", self)}}, reason: "which is not in LocalMachine\\My"},
		{name: "IP binding falls back to 0.0.0.0", lab: lab{bindings: []winops.Binding{https("10.0.0.5:443:", 0)}, certs: []testCert{self},
			ssl: []winops.SSLBinding{ssl("0.0.0.0:443", self)}}, want: map[string]testCert{fqdn: self, "": self, "web-b.example.com": self}, chain: 1},
		{name: "intermediate from the store, root left out", lab: lab{bindings: []winops.Binding{https("*:443:", 0)},
			certs: []testCert{root, inter, leaf}, ssl: []winops.SSLBinding{ssl("0.0.0.0:443", leaf)}},
			want: map[string]testCert{fqdn: leaf, "": leaf, "web-b.example.com": leaf}, chain: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.lab.bindings != nil {
				if err := labwin.SeedIIS(dir, tt.lab.bindings); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range tt.lab.certs {
				if _, err := labwin.SeedCert(dir, c.cert.Raw, nil, c.cert.Subject.CommonName); err != nil {
					t.Fatal(err)
				}
			}
			for _, b := range tt.lab.ssl {
				if err := labwin.SeedSSLBinding(dir, b); err != nil {
					t.Fatal(err)
				}
			}
			p := IISPresenter{Host: "ece-web-a", Ops: labwin.New(dir)}
			for _, name := range []string{fqdn, "", "web-b.example.com"} {
				got, err := p.Present(t.Context(), name)
				want, ok := tt.want[name]
				if !ok {
					if !errors.Is(err, ErrNothingPresented) {
						t.Errorf("Present(%q) = %d certificates, %v; want ErrNothingPresented", name, len(got.Chain), err)
					} else if !strings.Contains(err.Error(), tt.reason) || !strings.HasPrefix(err.Error(), "ece-web-a: ") {
						t.Errorf("Present(%q): %v, want %q", name, err, tt.reason)
					}
					continue
				}
				if err != nil {
					t.Fatalf("Present(%q): %v", name, err)
				}
				if !got.Leaf().Equal(want.cert) || len(got.Chain) != tt.chain {
					t.Errorf("Present(%q) = %s and %d more, want %s and %d more", name, got.Leaf().Subject, len(got.Chain)-1, want.cert.Subject, tt.chain-1)
				}
				if !strings.HasPrefix(got.Via, "IIS https ") {
					t.Errorf("via %q", got.Via)
				}
			}
			bs, err := p.HTTPSBindings(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bs {
				if b.Protocol != "https" || !strings.Contains(b.Information, ":443:") {
					t.Errorf("HTTPSBindings returned %+v", b)
				}
			}
		})
	}
}
