package verify

import (
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

func TestJudgeSNI(t *testing.T) {
	a := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}})
	b := newCert(t, certOpts{cn: "web-a.example.com", dns: []string{"web-a.example.com"}})
	good := []winops.Binding{{Protocol: "https", Information: "*:443:"}}
	tests := []struct {
		name     string
		wf       webFacts
		status   Status
		code     string
		want     []string
		bindings []winops.Binding
	}{
		{name: "same certificate with and without SNI", wf: webFacts{withSNI: presented(a), withoutSNI: presented(a)}, status: Pass},
		{name: "IIS binding as the tech note wants", wf: webFacts{withSNI: presented(a), withoutSNI: presented(a)}, bindings: good, status: Pass},
		{name: "IIS binding with SNI on", wf: webFacts{withSNI: presented(a), withoutSNI: presented(a)},
			bindings: []winops.Binding{{Protocol: "https", Information: "*:443:", SSLFlags: winops.SSLFlagSNI | winops.SSLFlagDisableHTTP2}},
			status:   Fail, code: SNIRequired, want: []string{`https *:443: ("Require Server Name Indication" on)`, "iis_binding.https[ece-web-a]"}},
		{name: "IIS binding with a host name and SNI, nothing presented", wf: webFacts{withSNI: failed(errNothing), withoutSNI: failed(errNothing)},
			bindings: []winops.Binding{{Protocol: "https", Information: "*:443:web-b.example.com", SSLFlags: winops.SSLFlagSNI}},
			status:   Fail, code: SNIRequired, want: []string{"host name web-b.example.com"}},
		{name: "IIS binding with a host name, SNI off", wf: webFacts{withSNI: presented(a), withoutSNI: presented(a)},
			bindings: []winops.Binding{{Protocol: "https", Information: "*:443:ece.example.com"}},
			status:   Fail, code: BindingHostName, want: []string{"host name ece.example.com", "the host name empty"}},
		{name: "TLS: only with SNI", wf: webFacts{withSNI: presented(a), withoutSNI: failed(errNothing)},
			status: Fail, code: SNIRequired, want: []string{"only to clients that send ece.example.com by SNI; without SNI: IIS site"}},
		{name: "TLS: another certificate without SNI", wf: webFacts{withSNI: presented(a), withoutSNI: presented(b)},
			status: Fail, code: SNICertificateDiffers, want: []string{"CN=web-a.example.com", "without SNI"}},
		{name: "TLS: nothing for the FQDN, a certificate without SNI", wf: webFacts{withSNI: failed(errNothing), withoutSNI: presented(b)},
			status: Fail, code: SNICertificateDiffers},
		{name: "no https binding at all", wf: webFacts{withSNI: failed(errNothing), withoutSNI: failed(errNothing)},
			bindings: []winops.Binding{}, status: Skip, code: NoCertificatePresented, want: []string{"pkix names it"}},
		{name: "unreachable", wf: webFacts{withSNI: failed(errUnreachable), withoutSNI: failed(errUnreachable)},
			status: Error, code: Unavailable, want: []string{"could not be asked for its certificate: dial tcp"}},
		{name: "unreachable the second time", wf: webFacts{withSNI: presented(a), withoutSNI: failed(errUnreachable)},
			status: Error, code: Unavailable},
	}
	tg := Target{FQDN: fqdn, Port: 443, SpecFile: "env.yaml"}
	w := WebServer{Name: "ece-web-a", BindingResource: "iis_binding.https[ece-web-a]"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wf := tt.wf
			if tt.bindings != nil {
				wf.bindings, wf.bindingsKnown = outcome[[]winops.Binding]{v: tt.bindings}, true
			}
			r := judgeSNI(tg, w, wf)
			if r.Check != CheckSNI || r.Subject != "ece-web-a" {
				t.Errorf("check %s subject %q", r.Check, r.Subject)
			}
			wantResult(t, r, tt.status, tt.code, tt.want...)
		})
	}
}
