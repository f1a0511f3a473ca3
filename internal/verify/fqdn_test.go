package verify

import (
	"errors"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

func TestJudgeFQDN(t *testing.T) {
	tests := []struct {
		name   string
		pres   func(t *testing.T) outcome[Presentation]
		status Status
		code   string
		want   []string
	}{
		{name: "FQDN is a SAN", status: Pass, want: []string{"ece.example.com is a subject alternative name"},
			pres: func(t *testing.T) outcome[Presentation] {
				return presented(newCert(t, certOpts{cn: "web-a", dns: []string{"web-a.example.com", fqdn}}))
			}},
		{name: "wildcard SAN", status: Pass,
			pres: func(t *testing.T) outcome[Presentation] {
				return presented(newCert(t, certOpts{cn: "*.example.com", dns: []string{"*.example.com"}}))
			}},
		{name: "FQDN only in the CN", status: Fail, code: FQDNOnlyInCN, want: []string{"only its CN", "ignore the CN", "no SANs"},
			pres: func(t *testing.T) outcome[Presentation] { return presented(newCert(t, certOpts{cn: fqdn})) }},
		{name: "CN is the FQDN but the SANs do not list it", status: Fail, code: HostnameMismatch,
			pres: func(t *testing.T) outcome[Presentation] {
				return presented(newCert(t, certOpts{cn: fqdn, dns: []string{"web-a.example.com"}}))
			}},
		{name: "the server's own name only (the lab's old certificate)", status: Fail, code: HostnameMismatch,
			want: []string{"CN=web-b.example.com (SANs web-b.example.com", "names neither in CN nor in a SAN the FQDN ece.example.com",
				"does not match the configured name", "certificate.web[ece-web-a]"},
			pres: func(t *testing.T) outcome[Presentation] {
				return presented(newCert(t, certOpts{cn: "web-b.example.com", dns: []string{"web-b.example.com"}}))
			}},
		{name: "nothing presented", status: Skip, code: NoCertificatePresented, want: []string{"pkix names it"},
			pres: func(*testing.T) outcome[Presentation] { return failed(errNothing) }},
		{name: "unreachable", status: Error, code: Unavailable,
			pres: func(*testing.T) outcome[Presentation] { return failed(errUnreachable) }},
	}
	tg := Target{FQDN: fqdn, Port: 443}
	w := WebServer{Name: "ece-web-a", CertificateResource: "certificate.web[ece-web-a]"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantResult(t, judgeFQDN(tg, w, tt.pres(t)), tt.status, tt.code, tt.want...)
		})
	}
}

func TestJudgeInventoryNames(t *testing.T) {
	shared := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn, "web-a.example.com"}})
	own := newCert(t, certOpts{cn: "web-b.example.com", dns: []string{"web-b.example.com"}})
	web := func(host string) pcce.Machine {
		return pcce.Machine{Name: "ece-web", Type: pcce.TypeECEWebServer, HostName: host}
	}
	data := pcce.Machine{Name: "ece-data", Type: pcce.TypeECE, HostName: "data.example.com"}
	tests := []struct {
		name     string
		machines []pcce.Machine
		err      error
		b        outcome[Presentation]
		status   []Status
		code     string
		want     []string
	}{
		{name: "the FQDN, every server's certificate lists it", machines: []pcce.Machine{data, web(fqdn)}, b: presented(shared),
			status: []Status{Pass}, want: []string{"which the certificate of web-a and web-b lists"}},
		{name: "upper case and a trailing dot", machines: []pcce.Machine{web("ECE.example.com.")}, b: presented(shared), status: []Status{Pass}},
		{name: "one server's own name, its certificate lists it", machines: []pcce.Machine{web("web-b.example.com")}, b: presented(own),
			status: []Status{Pass}, want: []string{"the certificate of web-b lists"}},
		{name: "the FQDN, one server presents its own", machines: []pcce.Machine{web(fqdn)}, b: presented(own),
			status: []Status{Fail}, code: HostnameMismatch, want: []string{"web-b presents CN=web-b.example.com", "inventory_machine.ece_web"}},
		{name: "a short name", machines: []pcce.Machine{web("ece")}, b: presented(shared),
			status: []Status{Fail}, code: InventoryHostNameNotFQDN, want: []string{`"ece": not a full name`}},
		{name: "an IP address", machines: []pcce.Machine{web("10.0.0.5")}, b: presented(shared),
			status: []Status{Fail}, code: InventoryHostNameNotFQDN},
		{name: "no ECE web server", machines: []pcce.Machine{data}, b: presented(shared),
			status: []Status{Fail}, code: InventoryWebServerMissing, want: []string{"by its full name ece.example.com", "MultiChannel"}},
		{name: "two web servers in the inventory", machines: []pcce.Machine{web(fqdn), web("web-b.example.com")}, b: presented(shared),
			status: []Status{Pass, Fail}},
		{name: "no certificate to compare with", machines: []pcce.Machine{web(fqdn)}, b: failed(errNothing),
			status: []Status{Skip}, code: NoCertificatePresented},
		{name: "PCCE unreachable", err: errors.New("connection refused"), b: presented(shared),
			status: []Status{Error}, code: Unavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := Target{FQDN: fqdn, ApplicationInstance: "MultiChannel", WebInventoryResource: "inventory_machine.ece_web",
				WebServers: []WebServer{{Name: "web-a", FQDN: "web-a.example.com"}, {Name: "web-b", FQDN: "web-b.example.com"}}}
			a := presented(shared)
			if tt.b.err != nil {
				a = tt.b
			}
			f := &facts{web: map[string]webFacts{"web-a": {withSNI: a}, "web-b": {withSNI: tt.b}},
				pcce: pcceFacts{machines: outcome[[]pcce.Machine]{v: tt.machines, err: tt.err}}}
			rs := judgeInventoryNames(tg, f)
			if len(rs) != len(tt.status) {
				t.Fatalf("%d results, want %d: %+v", len(rs), len(tt.status), rs)
			}
			for i, r := range rs {
				code := ""
				if r.Status != Pass {
					code = r.Code
				}
				if i == 0 {
					wantResult(t, r, tt.status[0], tt.code, tt.want...)
				} else if r.Status != tt.status[i] {
					t.Errorf("result %d: %s %s, want %s", i, r.Status, code, tt.status[i])
				}
			}
		})
	}
}
