package certificate

import (
	"fmt"
	"strconv"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// The checks below are pure: each looks at one fact of a certificate and
// returns a reason when it is wrong. Plan chains them.

// checkPrivateKey: IIS needs the private key next to the certificate.
func checkPrivateKey(s *stored) (resources.Reason, bool) {
	if s.HasPrivateKey {
		return resources.Reason{}, false
	}
	return resources.Reason{Code: NoPrivateKey, Message: fmt.Sprintf(
		`certificate %s is in LocalMachine\My without its private key; IIS cannot serve it`, s.Thumbprint)}, true
}

// checkNames: the FQDN must be the CN or a DNS SAN (tech note
// troubleshooting, "certificate mismatch").
func checkNames(fqdn string, info certgen.Info) (resources.Reason, bool) {
	err := CheckNames(fqdn, info.CommonName, info.DNSNames)
	if err == nil {
		return resources.Reason{}, false
	}
	return resources.Reason{Code: FQDNNotInNames, Message: err.Error() +
		"; SPOG reports a certificate name mismatch"}, true
}

// checkKeySize: RSA of at least min bits.
func checkKeySize(info certgen.Info, min int) (resources.Reason, bool) {
	if info.KeyAlgorithm == "RSA" && info.KeySize >= min {
		return resources.Reason{}, false
	}
	have := info.KeyAlgorithm + " " + strconv.Itoa(info.KeySize) + " bits"
	return resources.Reason{Code: KeyTooSmall, Message: fmt.Sprintf(
		"the key is %s; want RSA of at least %d bits", have, min)}, true
}

// checkExpiry: Expired when now is past NotAfter, ExpiresSoon when less
// than renewBefore is left.
func checkExpiry(info certgen.Info, now time.Time, renewBefore time.Duration) (resources.Reason, bool) {
	left := info.NotAfter.Sub(now)
	notAfter := info.NotAfter.UTC().Format(time.RFC3339)
	switch {
	case left <= 0:
		return resources.Reason{Code: Expired, Message: fmt.Sprintf(
			"expired %s ago (not after %s)", days(-left), notAfter)}, true
	case left < renewBefore:
		return resources.Reason{Code: ExpiresSoon, Message: fmt.Sprintf(
			"expires in %s; renewBefore is %s", days(left), spec.Duration(renewBefore))}, true
	}
	return resources.Reason{}, false
}

// checkNamesWanted: a certificate ecereconcile makes carries the subject and
// DNS names of the spec.
func checkNamesWanted(info certgen.Info, req certgen.Request) (resources.Reason, bool) {
	wantSubject := req.Subject().String()
	if info.Subject == wantSubject && joinNames(info.DNSNames) == joinNames(req.DNSNames) {
		return resources.Reason{}, false
	}
	return resources.Reason{Code: NamesDiffer, Message: fmt.Sprintf(
		"the certificate is for %s, SANs: %s; the spec asks for %s, SANs: %s",
		info.Subject, joinNames(info.DNSNames), wantSubject, joinNames(req.DNSNames))}, true
}

// health runs the checks of a certificate in place, in order: private key,
// names, key size, expiry.
func health(s *stored, fqdn string, minKey int, now time.Time, renewBefore time.Duration) []resources.Reason {
	var out []resources.Reason
	add := func(r resources.Reason, bad bool) {
		if bad {
			out = append(out, r)
		}
	}
	add(checkPrivateKey(s))
	add(checkNames(fqdn, s.info))
	add(checkKeySize(s.info, minKey))
	add(checkExpiry(s.info, now, renewBefore))
	return out
}

// days renders a span as "12 days", "1 day" or "less than a day".
func days(d time.Duration) string {
	n := int(d / spec.Day)
	switch n {
	case 0:
		return "less than a day"
	case 1:
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}
