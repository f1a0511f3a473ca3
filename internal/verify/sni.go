package verify

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// judgeSNIAll is one sni result per web server.
func judgeSNIAll(t Target, f *facts) []Result {
	if len(t.WebServers) == 0 {
		return []Result{notConfigured(CheckSNI, "ECE web servers", "the spec has no ece-web host")}
	}
	var out []Result
	for _, w := range t.WebServers {
		out = append(out, judgeSNI(t, w, f.web[w.Name]))
	}
	return out
}

// judgeSNI decides whether the web server presents the same certificate
// with and without SNI, from a binding with no host name and SNI off (tech
// note step 1.2: "leave the host name empty and Require Server Name
// Indication unselected").
func judgeSNI(t Target, w WebServer, wf webFacts) Result {
	r := Result{Check: CheckSNI, Subject: w.Name}
	fixBinding := orElse(applyCmd(t.SpecFile, w.BindingResource), fmt.Sprintf(
		"in IIS Manager, edit the https binding of port %d on %s: IP All Unassigned, host name empty, \"Require Server Name Indication\" unticked (tech note step 1.2)",
		t.Port, w.Name))
	symptom := symptomLoadError + "; clients that reach " + w.Name + " without sending " + t.FQDN +
		" by SNI (or by another name) get no certificate, or another one, and the TLS handshake fails"
	if wf.bindingsKnown && wf.bindings.err == nil {
		var bad []string
		code := BindingHostName
		for _, b := range wf.bindings.v {
			bi, _ := parseBinding(b)
			var what []string
			if b.SSLFlags&winops.SSLFlagSNI != 0 {
				what = append(what, "\"Require Server Name Indication\" on")
				code = SNIRequired
			}
			if bi.host != "" {
				what = append(what, "host name "+bi.host)
			}
			if len(what) > 0 {
				bad = append(bad, fmt.Sprintf("https %s (%s)", b.Information, strings.Join(what, ", ")))
			}
		}
		if len(bad) > 0 {
			r.Status, r.Code = Fail, code
			r.Summary = fmt.Sprintf("the IIS binding on %s is %s; the tech note wants the host name empty and SNI off", w.Name, strings.Join(bad, "; "))
			r.Symptom, r.Fix = symptom, fixBinding
			return r
		}
	}
	with, without := wf.withSNI, wf.withoutSNI
	nothing := func(err error) bool { return errors.Is(err, ErrNothingPresented) }
	switch {
	case with.err != nil && !nothing(with.err), without.err != nil && !nothing(without.err):
		err := with.err
		if err == nil || nothing(err) {
			err = without.err
		}
		r.Status, r.Code = Error, Unavailable
		r.Summary = fmt.Sprintf("%s could not be asked for its certificate: %s", w.Name, why(err, w.Name))
		return r
	case with.err != nil && without.err != nil:
		r.Status, r.Code = Skip, NoCertificatePresented
		r.Summary = fmt.Sprintf("%s presents no certificate on port %d with or without SNI (pkix names it)", w.Name, t.Port)
		return r
	case with.err == nil && without.err != nil:
		r.Status, r.Code = Fail, SNIRequired
		r.Summary = fmt.Sprintf("%s presents its certificate only to clients that send %s by SNI; without SNI: %s", w.Name, t.FQDN, why(without.err, w.Name))
	case with.err != nil && without.err == nil:
		r.Status, r.Code = Fail, SNICertificateDiffers
		r.Summary = fmt.Sprintf("%s presents %s without SNI but nothing for %s: %s", w.Name, shortCert(without.v.Leaf()), t.FQDN, why(with.err, w.Name))
	case !bytes.Equal(with.v.Leaf().Raw, without.v.Leaf().Raw):
		r.Status, r.Code = Fail, SNICertificateDiffers
		r.Summary = fmt.Sprintf("%s presents %s for %s but %s without SNI", w.Name, shortCert(with.v.Leaf()), t.FQDN, shortCert(without.v.Leaf()))
	default:
		r.Status = Pass
		r.Summary = fmt.Sprintf("%s presents the same certificate with and without SNI (%s)", w.Name, with.v.Via)
		return r
	}
	r.Symptom, r.Fix = symptom, fixBinding
	return r
}
