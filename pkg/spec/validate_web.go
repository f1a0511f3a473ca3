package spec

import (
	"fmt"
	"slices"
	"strings"
)

// validateWebCertificate checks step 1.1: where the certificate comes from
// and that the name users and SPOG use is in it.
func (v *validator) validateWebCertificate(fqdnOK bool) {
	in := v.s.Integration
	wc := in.WebCertificate
	const bp = SourceWebCertificate
	v.needRole(bp, RoleECEWeb)
	if in.ECE.WebCertificate != "" {
		v.errAt("integration.ece.webCertificate", "the web certificate is managed by integration.webCertificate; remove ece.webCertificate",
			"ece.webCertificate names a certificate managed outside ecereconcile; use one or the other")
	}
	sources := []string{CertSourceSelfSigned, CertSourcePFX, CertSourceCSR}
	if v.required(bp+".source", wc.Source, "want "+strings.Join(sources, ", ")) && !slices.Contains(sources, wc.Source) {
		v.errAt(bp+".source", fmt.Sprintf("%q is not a certificate source; want %s%s", wc.Source, strings.Join(sources, ", "), didYouMean(wc.Source, sources)), "")
	}
	if wc.KeySize < MinKeySize {
		v.errAt(bp+".keySize", fmt.Sprintf("%d bits is too small; the tech note requires RSA %d or more", wc.KeySize, MinKeySize), "")
	}
	if wc.Validity <= wc.RenewBefore && wc.Source == CertSourceSelfSigned {
		v.errAt(bp+".renewBefore", fmt.Sprintf("renewBefore %s is not shorter than validity %s: every plan would re-issue", wc.RenewBefore, wc.Validity), "")
	}
	if wc.PFX != nil && wc.Source != CertSourcePFX {
		v.errAt(bp+".pfx", "only with source: pfx", "")
	}
	if wc.CSR != nil && wc.Source != CertSourceCSR {
		v.errAt(bp+".csr", "only with source: csr", "")
	}
	switch wc.Source {
	case CertSourcePFX:
		for _, f := range []string{"commonName", "dnsNames", "keySize", "validity", "organization"} {
			if v.pos.has(bp + "." + f) {
				v.errAt(bp+"."+f, "not used with source: pfx (the PFX holds the certificate)", "")
			}
		}
		if wc.PFX == nil {
			v.errAt(bp+".pfx", "missing required field", "source: pfx needs pfx: {file: ..., password: {env: NAME}}")
			return
		}
		if v.required(bp+".pfx.file", wc.PFX.File, "") {
			if problem := v.files.raw(wc.PFX.File); problem != "" {
				v.errAt(bp+".pfx.file", problem, "")
			}
		}
		v.checkSecret(bp+".pfx.password", wc.PFX.Password, "the PFX password")
		return
	case CertSourceCSR:
		if wc.CSR == nil {
			v.errAt(bp+".csr", "missing required field", "source: csr needs csr: {dir: ...}, where the requests are written for the CA")
		} else {
			v.required(bp+".csr.dir", wc.CSR.Dir, "the folder where the requests are written for the CA, relative to the spec")
			if sc := wc.CSR.SignedCertificate; sc != "" {
				if strings.Contains(sc, "{host}") && wc.IsShared() {
					v.errAt(bp+".csr.signedCertificate", "{host} is for one certificate per server (shared: false)", "")
				} else if !strings.Contains(sc, "{host}") && !wc.IsShared() && len(hostsWithRole(v.s, RoleECEWeb)) > 1 {
					v.errAt(bp+".csr.signedCertificate", "one certificate per server (shared: false) needs one signed file per server",
						"write the file name with {host}, e.g. certs/{host}.crt; a server's file may appear once the CA has signed its request")
				} else if !strings.Contains(sc, "{host}") {
					if c := v.cert(bp+".csr.signedCertificate", sc); c != nil && fqdnOK && !certNames(c, in.ECE.FQDN) {
						v.errAt(bp+".csr.signedCertificate", fmt.Sprintf("%q is neither the CN nor a DNS SAN of %s (%s)",
							in.ECE.FQDN, sc, describeCert(c)), certMismatchHint)
					}
				} else {
					for _, h := range hostsWithRole(v.s, RoleECEWeb) {
						f := strings.ReplaceAll(sc, "{host}", h.Name)
						if c, problem := v.files.cert(f); problem == "" && fqdnOK && !certNames(c, in.ECE.FQDN) {
							v.errAt(bp+".csr.signedCertificate", fmt.Sprintf("%q is neither the CN nor a DNS SAN of %s (%s)",
								in.ECE.FQDN, f, describeCert(c)), certMismatchHint)
						}
					}
				}
			}
		}
	}
	// self-signed and csr: the names are the spec's.
	if v.required(bp+".commonName", wc.CommonName, "the certificate's CN; leave the field out for ece.fqdn") {
		if problem := checkDNSName(wc.CommonName); problem != "" {
			v.errAt(bp+".commonName", problem, dnsHint)
		}
	}
	v.requiredList(bp+".dnsNames", len(wc.DNSNames), "name", "")
	for i, n := range wc.DNSNames {
		if problem := checkDNSName(n); problem != "" {
			v.errAt(fmt.Sprintf("%s.dnsNames[%d]", bp, i), problem, dnsHint)
		}
	}
	if fqdnOK && wc.CommonName != "" && !strings.EqualFold(wc.CommonName, in.ECE.FQDN) &&
		!slices.ContainsFunc(wc.DNSNames, func(n string) bool { return strings.EqualFold(n, in.ECE.FQDN) }) {
		v.errAt(bp+".dnsNames", fmt.Sprintf("ece.fqdn %q is neither the commonName nor one of dnsNames", in.ECE.FQDN), certMismatchHint)
	}
}

const webServerNameHint = "SPOG loads the ECE gadget from https://{webServerName}, and the browser refuses it unless the web certificate is issued for that name (tech note steps 3 and 4.3): add the name to the certificate, or leave webServerName out for ece.fqdn"

// checkWebServerName checks that the name written in spog_config.js (path
// p) is one the web certificate is issued for, when its names are known
// while loading: those of integration.webCertificate with source
// self-signed or csr (commonName and dnsNames, defaulted from ece.fqdn), or
// those of the file ece.webCertificate. With source: pfx the names are
// inside a password-protected file, and secrets are never read while
// loading: the certificate resource checks ece.fqdn when it opens the PFX,
// and webServerName is not checked.
func (v *validator) checkWebServerName(p, name string) {
	in := v.s.Integration
	switch wc := in.WebCertificate; {
	case wc != nil && (wc.Source == CertSourceSelfSigned || wc.Source == CertSourceCSR):
		names := wc.DNSNames
		if wc.CommonName != "" && !slices.Contains(names, wc.CommonName) {
			names = append([]string{wc.CommonName}, names...)
		}
		if len(names) == 0 || slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) }) {
			return
		}
		v.errAt(p, fmt.Sprintf("%q is neither the commonName nor one of dnsNames of %s (%s)",
			name, SourceWebCertificate, strings.Join(names, ", ")), webServerNameHint)
	case wc != nil: // pfx (see above), or an unknown source reported elsewhere
	case in.ECE.WebCert != nil:
		if c := in.ECE.WebCert; !certNames(c, name) {
			v.errAt(p, fmt.Sprintf("%q is neither the CN nor a DNS SAN of %s (%s)",
				name, in.ECE.WebCertificate, describeCert(c)), webServerNameHint)
		}
	}
}

// validateIISBinding checks step 1.2.
func (v *validator) validateIISBinding() {
	in := v.s.Integration
	b := in.IISBinding
	const bp = SourceIISBinding
	v.needRole(bp, RoleECEWeb)
	if in.WebCertificate == nil {
		v.blockErr(bp, "the binding serves the certificate of integration.webCertificate, which is missing", "add integration.webCertificate (step 1.1)")
	}
	v.required(bp+".site", b.Site, "the IIS site ECE is installed under; leave the field out for Default Web Site")
	if b.Port < 1 || b.Port > 65535 {
		v.errAt(bp+".port", fmt.Sprintf("%d is not a TCP port", b.Port), "leave the field out for 443")
	}
}

// checkADSTrustSource checks that adsTrust knows what to trust.
func (v *validator) checkADSTrustSource() {
	in := v.s.Integration
	at := in.ADSTrust
	if at == nil || len(at.Certificates) > 0 {
		return
	}
	const hint = "list the certificates ADS must trust under adsTrust.certificates"
	switch wc := in.WebCertificate; {
	case wc == nil && in.ECE.WebCertificate == "":
		v.blockErr(SourceADSTrust, "adsTrust without certificates trusts the ECE web certificate (the self-signed case), but there is none",
			"add integration.webCertificate, give ece.webCertificate, or "+hint)
	case wc == nil:
	case wc.Source != CertSourceSelfSigned:
		v.blockErr(SourceADSTrust, fmt.Sprintf("with a CA-signed web certificate (source: %s) ADS trusts the CA's root and intermediate certificates, not the server's", wc.Source), hint+" (tech note step 4.1)")
	case !wc.IsShared():
		v.blockErr(SourceADSTrust, "with one certificate per web server (shared: false, SSL offload) ADS reaches ECE through the load balancer and trusts its certificate", hint)
	}
}
