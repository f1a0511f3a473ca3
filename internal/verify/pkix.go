package verify

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"
)

// judgePKIXAll is one pkix result per (web server, ADS) pair.
func judgePKIXAll(t Target, f *facts) []Result {
	switch {
	case len(t.WebServers) == 0:
		return []Result{notConfigured(CheckPKIX, "ECE web servers", "the spec has no ece-web host")}
	case len(t.Truststores) == 0:
		return []Result{notConfigured(CheckPKIX, "PCCE ADS truststores", "the spec has no pcce-ads host with integration.adsTrust")}
	}
	var out []Result
	for _, w := range t.WebServers {
		for _, s := range t.Truststores {
			out = append(out, judgePKIX(t, w, s, f.web[w.Name].withSNI, f.stores[s.Host], f.now))
		}
	}
	return out
}

// judgePKIX decides whether PCCE's Tomcat on the ADS of s would trust what w
// presents for ece.fqdn: the chain must build to a trusted entry of s (else
// "PKIX path building failed") and the leaf must be valid for the FQDN.
func judgePKIX(t Target, w WebServer, s Truststore, pres outcome[Presentation], store outcome[[]TrustedCert], now time.Time) Result {
	r := Result{Check: CheckPKIX, Subject: w.Name + " → " + s.Host}
	if pres.err != nil {
		return presentFailure(t, r, w, pres.err)
	}
	if store.err != nil {
		r.Status, r.Code = Error, Unavailable
		r.Summary = fmt.Sprintf("%s's truststore %s could not be read: %v", s.Host, s.Path, store.err)
		return r
	}
	chain := pres.v.Chain
	leaf := chain[0]
	roots := x509.NewCertPool()
	for _, tc := range store.v {
		roots.AddCert(tc.Cert)
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now})
	fixTrust := orElse(applyCmd(t.SpecFile, s.Resource), fmt.Sprintf(
		"import the ECE web certificate (self-signed: the certificate itself under the alias %s; CA-signed: the root and intermediate certificates) "+
			"into %s with keytool -importcert -trustcacerts -keystore \"%s\", then restart %s (tech note step 4.1)",
		t.FQDN, s.Host, s.Path, orDefault(s.Restart, "Apache Tomcat")))
	if err != nil {
		r.Status = Fail
		var ci x509.CertificateInvalidError
		switch {
		case errors.As(err, &ci) && ci.Reason == x509.Expired:
			r.Code = CertificateExpired
			r.Summary = fmt.Sprintf("%s presents %s, outside its validity (%s to %s)", w.Name, describeCert(ci.Cert),
				ci.Cert.NotBefore.UTC().Format(time.DateOnly), ci.Cert.NotAfter.UTC().Format(time.DateOnly))
			r.Symptom = symptomLoadError + "; PCCE's Catalina log shows PKIX path validation failed: " +
				"java.security.cert.CertPathValidatorException: validity check failed"
			r.Fix = orElse(applyCmd(t.SpecFile, w.CertificateResource), "renew the ECE web certificate (tech note step 1.1)") +
				"; then make " + s.Host + " trust the new one (step 4.1)"
		case strings.Contains(err.Error(), "insecure algorithm"):
			// x509 reports a SHA-1 signature as an unknown authority
			// whose hint names the algorithm: not a missing trust entry.
			r.Code = InsecureSignature
			r.Summary = fmt.Sprintf("the chain %s presents, %s, is signed with an insecure algorithm: %v", w.Name, shortCert(leaf), err)
			r.Symptom = "Java 8 on the ADS may still accept a SHA-1 chain of a private CA, but browsers opening SPOG refuse it"
			r.Fix = "reissue the ECE web certificate (and its CA chain if it is signed with SHA-1) with SHA-256 (tech note step 1.1)"
		case errors.As(err, &ci):
			r.Code = CertificateInvalid
			r.Summary = fmt.Sprintf("%s presents %s, which %s's truststore cannot accept for a TLS server: %v", w.Name, describeCert(leaf), s.Host, err)
			r.Symptom = symptomLoadError + "; PCCE's Catalina log shows a javax.net.ssl.SSLHandshakeException"
			r.Fix = "issue the ECE web certificate for TLS server authentication (tech note step 1.1)"
		default:
			r.Code = PKIXPathBuildingFailed
			r.Summary = fmt.Sprintf("the chain %s presents, %s, does not build to any of the %d trusted certificates of %s's %s",
				w.Name, shortCert(leaf), len(store.v), s.Host, s.Path)
			r.Symptom = symptomPKIX
			r.Fix = fixTrust
			if nameMatch(leaf, t.FQDN) == matchNone {
				r.Fix = fmt.Sprintf("first bind the right certificate on %s: the one it presents is not valid for %s (fqdn_in_certificate); then %s", w.Name, t.FQDN, fixTrust)
			}
		}
		return r
	}
	if err := leaf.VerifyHostname(t.FQDN); err != nil {
		r.Status, r.Code = Fail, HostnameMismatch
		r.Summary = fmt.Sprintf("%s's truststore trusts the chain %s presents, but %s is not valid for %s", s.Host, w.Name, describeCert(leaf), t.FQDN)
		r.Symptom = symptomMismatch
		r.Fix = fixFQDN(t, w)
		return r
	}
	anchor := chains[0][len(chains[0])-1]
	r.Status = Pass
	r.Summary = fmt.Sprintf("%s presents %s, trusted by %s as %s", w.Name, shortCert(leaf), s.Host, aliasOf(store.v, anchor))
	return r
}

// presentFailure is the result when the web server presented nothing or
// could not be asked.
func presentFailure(t Target, r Result, w WebServer, err error) Result {
	if !errors.Is(err, ErrNothingPresented) {
		r.Status, r.Code = Error, Unavailable
		r.Summary = fmt.Sprintf("%s could not be asked for its certificate: %s", w.Name, why(err, w.Name))
		r.Fix = fmt.Sprintf("check that %s answers on port %d from here (name, firewall), then run verify again", w.Name, t.Port)
		return r
	}
	r.Status, r.Code = Fail, NoCertificatePresented
	r.Summary = fmt.Sprintf("%s presents no certificate for %s on port %d: %s", w.Name, t.FQDN, t.Port, why(err, w.Name))
	r.Symptom = symptomLoadError + "; PCCE's Tomcat cannot complete a TLS handshake with " + w.Name
	r.Fix = orElse(applyCmd(t.SpecFile, w.CertificateResource, w.BindingResource), fmt.Sprintf(
		"in IIS Manager, bind the ECE certificate to https on port %d, IP All Unassigned, host name empty, "+
			"\"Require Server Name Indication\" unticked (tech note steps 1.1 and 1.2)", t.Port))
	return r
}

// fixFQDN is the fix for a certificate that does not name ece.fqdn.
func fixFQDN(t Target, w WebServer) string {
	return orElse(applyCmd(t.SpecFile, w.CertificateResource, w.BindingResource), fmt.Sprintf(
		"issue the ECE web certificate with %s as a DNS subject alternative name (and CN), bind it on %s (tech note steps 1.1 and 1.2), "+
			"and make every ADS trust it (4.1)", t.FQDN, w.Name))
}

// aliasOf names the trusted entry a chain ends at: "alias ece.example.com".
func aliasOf(trusted []TrustedCert, anchor *x509.Certificate) string {
	for _, tc := range trusted {
		if bytes.Equal(tc.Cert.Raw, anchor.Raw) {
			return "alias " + tc.Alias
		}
	}
	return "CN=" + anchor.Subject.CommonName
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// notConfigured is a skip for a check the spec gives nothing to work on.
func notConfigured(id CheckID, subject, why string) Result {
	return Result{Check: id, Subject: subject, Status: Skip, Code: NotConfigured, Summary: why}
}
