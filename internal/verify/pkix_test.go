package verify

import (
	"errors"
	"testing"

	"crypto/x509"
)

func TestJudgePKIX(t *testing.T) {
	self := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}})
	other := newCert(t, certOpts{cn: "web-b.example.com", dns: []string{"web-b.example.com"}})
	root := newCert(t, certOpts{cn: "Example Root CA", ca: true})
	inter := newCert(t, certOpts{cn: "Example Issuing CA", ca: true, parent: &root})
	leaf := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}, parent: &inter})
	wild := newCert(t, certOpts{cn: "*.example.com", dns: []string{"*.example.com"}, parent: &inter})
	expired := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}, notAfter: testNow.AddDate(0, 0, -1)})
	clientOnly := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}, usage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	cnOnly := newCert(t, certOpts{cn: fqdn})
	sha1Leaf := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}, parent: &root, sigAlg: x509.ECDSAWithSHA1})

	tests := []struct {
		name   string
		pres   outcome[Presentation]
		store  outcome[[]TrustedCert]
		status Status
		code   string
		want   []string
	}{
		{name: "self-signed trusted as itself", pres: presented(self), store: trusted(root, self),
			status: Pass, want: []string{"trusted by ads-a as alias a1"}},
		{name: "CA-signed, intermediate presented, root trusted", pres: presented(leaf, inter), store: trusted(root),
			status: Pass, want: []string{"as alias a0"}},
		{name: "CA-signed, intermediate trusted instead of presented", pres: presented(leaf), store: trusted(inter),
			status: Pass, want: []string{"as alias a0"}},
		{name: "wildcard certificate", pres: presented(wild, inter), store: trusted(root), status: Pass},
		{name: "alias removed from cacerts", pres: presented(self), store: trusted(root),
			status: Fail, code: PKIXPathBuildingFailed,
			want: []string{"PKIX path building failed", "does not build to any of the 1 trusted certificates of ads-a", "keystore.ads_cacerts[ads-a]", "restart Apache Tomcat"}},
		{name: "intermediate neither presented nor trusted", pres: presented(leaf), store: trusted(root),
			status: Fail, code: PKIXPathBuildingFailed},
		{name: "empty truststore", pres: presented(self), store: trusted(), status: Fail, code: PKIXPathBuildingFailed,
			want: []string{"any of the 0 trusted certificates"}},
		{name: "another server's certificate, not trusted", pres: presented(other), store: trusted(self),
			status: Fail, code: PKIXPathBuildingFailed, want: []string{"first bind the right certificate on ece-web-a"}},
		{name: "trusted but not for the FQDN", pres: presented(other), store: trusted(other),
			status: Fail, code: HostnameMismatch, want: []string{"does not match the configured name", "certificate.web[ece-web-a]"}},
		{name: "FQDN only in the CN, no SAN", pres: presented(cnOnly), store: trusted(cnOnly),
			status: Fail, code: HostnameMismatch},
		{name: "expired", pres: presented(expired), store: trusted(expired), status: Fail, code: CertificateExpired,
			want: []string{"validity check failed", "outside its validity"}},
		{name: "signed with SHA-1: not a missing trust entry", pres: presented(sha1Leaf), store: trusted(root),
			status: Fail, code: InsecureSignature, want: []string{"insecure algorithm", "reissue the ECE web certificate"}},
		{name: "not for TLS servers", pres: presented(clientOnly), store: trusted(clientOnly), status: Fail, code: CertificateInvalid},
		{name: "nothing presented", pres: failed(errNothing), store: trusted(self), status: Fail, code: NoCertificatePresented,
			want: []string{"presents no certificate for ece.example.com on port 443: IIS site has no https binding", "iis_binding.https[ece-web-a]"}},
		{name: "web server unreachable", pres: failed(errUnreachable), store: trusted(self), status: Error, code: Unavailable,
			want: []string{"connection refused"}},
		{name: "truststore unreadable", pres: presented(self), store: outcome[[]TrustedCert]{err: errors.New("wrong keystore password")},
			status: Error, code: Unavailable, want: []string{"ads-a's truststore C:\\cacerts could not be read: wrong keystore password"}},
	}
	tg := Target{FQDN: fqdn, Port: 443, SpecFile: "env.yaml"}
	w := WebServer{Name: "ece-web-a", CertificateResource: "certificate.web[ece-web-a]", BindingResource: "iis_binding.https[ece-web-a]"}
	s := Truststore{Host: "ads-a", Path: `C:\cacerts`, Resource: "keystore.ads_cacerts[ads-a]", Restart: "Apache Tomcat"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := judgePKIX(tg, w, s, tt.pres, tt.store, testNow)
			if r.Check != CheckPKIX || r.Subject != "ece-web-a → ads-a" {
				t.Errorf("check %s subject %q", r.Check, r.Subject)
			}
			wantResult(t, r, tt.status, tt.code, tt.want...)
		})
	}
}

func TestJudgePKIXAllPairs(t *testing.T) {
	self := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}})
	f := &facts{now: testNow,
		web:    map[string]webFacts{"w1": {withSNI: presented(self)}, "w2": {withSNI: presented(self)}},
		stores: map[string]outcome[[]TrustedCert]{"a1": trusted(self), "a2": trusted()},
	}
	tg := Target{FQDN: fqdn, WebServers: []WebServer{{Name: "w1"}, {Name: "w2"}}, Truststores: []Truststore{{Host: "a1"}, {Host: "a2"}}}
	var got []string
	for _, r := range judgePKIXAll(tg, f) {
		got = append(got, r.Subject+" "+r.Status.String())
	}
	want := []string{"w1 → a1 pass", "w1 → a2 fail", "w2 → a1 pass", "w2 → a2 fail"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d: %s, want %s", i, got[i], want[i])
		}
	}
	for name, tg := range map[string]Target{"no web server": {Truststores: tg.Truststores}, "no truststore": {WebServers: tg.WebServers}} {
		rs := judgePKIXAll(tg, f)
		if len(rs) != 1 {
			t.Fatalf("%s: %d results", name, len(rs))
		}
		wantResult(t, rs[0], Skip, NotConfigured)
	}
}
