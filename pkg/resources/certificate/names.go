package certificate

import (
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// CheckNames reports whether fqdn is the common name or one of the DNS
// names (wildcards match as in TLS), case-insensitively. The error says
// which names there are: `"ece.example.com" is neither the CN nor a DNS SAN
// (CN=web1.example.com, SANs: web1.example.com)`. It is pure; pkg/spec uses
// it to validate a spec, the plan to find the tech note's "certificate
// mismatch".
func CheckNames(fqdn, commonName string, dnsNames []string) error {
	if fqdn == "" {
		return errors.New("no FQDN to look for")
	}
	if strings.EqualFold(commonName, fqdn) {
		return nil
	}
	if len(dnsNames) > 0 && (&x509.Certificate{DNSNames: dnsNames}).VerifyHostname(fqdn) == nil {
		return nil
	}
	return fmt.Errorf("%q is neither the CN nor a DNS SAN (%s)", fqdn, describeNames(commonName, dnsNames))
}

// describeNames renders "CN=x, SANs: a, b" or "CN=x, no DNS SANs".
func describeNames(cn string, dns []string) string {
	s := "CN=" + cn
	if len(dns) == 0 {
		return s + ", no DNS SANs"
	}
	return s + ", SANs: " + strings.Join(dns, ", ")
}

// joinNames renders DNS names for the dns_names attribute: lower case,
// sorted, ", "-joined, so that the order in the certificate does not
// matter.
func joinNames(dns []string) string {
	n := make([]string, len(dns))
	for i, d := range dns {
		n[i] = strings.ToLower(d)
	}
	slices.Sort(n)
	n = slices.Compact(n)
	return strings.Join(n, ", ")
}

// equalThumbprints compares thumbprints as Windows does: hex, any case.
func equalThumbprints(a, b string) bool { return strings.EqualFold(a, b) }
