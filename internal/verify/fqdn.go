package verify

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// judgeFQDNAll is one fqdn_in_certificate result per web server, then one
// per ECE web server of PCCE's inventory.
func judgeFQDNAll(t Target, f *facts) []Result {
	if len(t.WebServers) == 0 {
		return []Result{notConfigured(CheckFQDN, "ECE web servers", "the spec has no ece-web host")}
	}
	var out []Result
	for _, w := range t.WebServers {
		out = append(out, judgeFQDN(t, w, f.web[w.Name].withSNI))
	}
	if t.PCCE == nil {
		return append(out, notConfigured(CheckFQDN, "PCCE inventory", "the spec has no integration.pcce: the inventory's ECE web server is not checked"))
	}
	return append(out, judgeInventoryNames(t, f)...)
}

// judgeFQDN decides whether the leaf a web server presents names ece.fqdn
// in a DNS SAN. A CN alone fails: the tech note accepts it, but browsers
// (where SPOG opens the ECE gadget) ignore the CN.
func judgeFQDN(t Target, w WebServer, pres outcome[Presentation]) Result {
	r := Result{Check: CheckFQDN, Subject: w.Name}
	if pres.err != nil {
		if errors.Is(pres.err, ErrNothingPresented) {
			r.Status, r.Code = Skip, NoCertificatePresented
			r.Summary = fmt.Sprintf("%s presents no certificate for %s (pkix names it)", w.Name, t.FQDN)
			return r
		}
		r.Status, r.Code = Error, Unavailable
		r.Summary = fmt.Sprintf("%s could not be asked for its certificate: %s", w.Name, why(pres.err, w.Name))
		return r
	}
	leaf := pres.v.Leaf()
	switch nameMatch(leaf, t.FQDN) {
	case matchSAN:
		r.Status = Pass
		r.Summary = fmt.Sprintf("%s presents %s: %s is a subject alternative name", w.Name, describeCert(leaf), t.FQDN)
		return r
	case matchCNOnly:
		r.Status, r.Code = Fail, FQDNOnlyInCN
		r.Summary = fmt.Sprintf("%s presents %s: %s is only its CN; the tech note accepts a CN, but browsers and recent Java clients ignore the CN of a certificate without SANs",
			w.Name, describeCert(leaf), t.FQDN)
	default:
		r.Status, r.Code = Fail, HostnameMismatch
		r.Summary = fmt.Sprintf("%s presents %s, which names neither in CN nor in a SAN the FQDN %s", w.Name, describeCert(leaf), t.FQDN)
	}
	r.Symptom = symptomMismatch
	r.Fix = fixFQDN(t, w)
	return r
}

// match says how a certificate names a host.
type match int

const (
	matchNone   match = iota
	matchSAN          // a DNS SAN (or an IP SAN) covers it
	matchCNOnly       // no SAN at all, and the CN is the name
)

func nameMatch(c *x509.Certificate, name string) match {
	if c.VerifyHostname(name) == nil {
		return matchSAN
	}
	if len(c.DNSNames) == 0 && len(c.IPAddresses) == 0 && len(c.URIs) == 0 && len(c.EmailAddresses) == 0 &&
		strings.EqualFold(strings.TrimSuffix(c.Subject.CommonName, "."), strings.TrimSuffix(name, ".")) {
		return matchCNOnly
	}
	return matchNone
}

// judgeInventoryNames checks the hostName of every ECE web server in PCCE's
// inventory against the certificates the web servers present (tech note
// step 4.3: "this name must match the common name of the ECE certificate or
// be one of its subject alternative names; do not use the host name alone
// or the IP address").
func judgeInventoryNames(t Target, f *facts) []Result {
	const subject = "PCCE inventory"
	ms := f.pcce.machines
	if ms.err != nil {
		return []Result{{Check: CheckFQDN, Subject: subject, Status: Error, Code: Unavailable,
			Summary: fmt.Sprintf("PCCE's inventory could not be read: %v", ms.err)}}
	}
	var webs []pcce.Machine
	for _, m := range ms.v {
		if m.Type == pcce.TypeECEWebServer || m.Type == pcce.TypeDCECEWebServer {
			webs = append(webs, m)
		}
	}
	if len(webs) == 0 {
		return []Result{{Check: CheckFQDN, Subject: subject, Status: Fail, Code: InventoryWebServerMissing,
			Summary: "PCCE's inventory has no ECE web server (ECE_WEB_SERVER)",
			Symptom: "CCE Administration has no Email and Chat card for this ECE: the gadget cannot be opened in SPOG, and the integration (step 5) cannot be done",
			Fix: orElse(applyCmd(t.SpecFile, t.WebInventoryResource), fmt.Sprintf(
				"in Unified CCE Administration > Inventory, add the ECE web server by its full name %s with the partition administrator's credentials and the application instance %s (tech note step 4.3)",
				t.FQDN, orDefault(t.ApplicationInstance, "of ECE"))),
		}}
	}
	var out []Result
	for _, m := range webs {
		out = append(out, judgeInventoryName(t, f, subject+": "+m.Name, m.HostName))
	}
	return out
}

func judgeInventoryName(t Target, f *facts, subject, hostName string) Result {
	r := Result{Check: CheckFQDN, Subject: subject}
	h := pcce.NormalizeHostName(hostName)
	fix := orElse(applyCmd(t.SpecFile, t.WebInventoryResource), fmt.Sprintf(
		"in Unified CCE Administration > Inventory, set the ECE web server's host name to %s, a name the certificate lists (tech note step 4.3)", t.FQDN))
	if net.ParseIP(strings.Trim(h, "[]")) != nil || !strings.Contains(h, ".") {
		r.Status, r.Code = Fail, InventoryHostNameNotFQDN
		r.Summary = fmt.Sprintf("the ECE web server's host name in PCCE is %q: not a full name; the tech note says not to use the host name alone or the IP address", hostName)
		r.Symptom, r.Fix = symptomMismatch, fix
		return r
	}
	// The web servers a client of that name reaches: the one whose own FQDN
	// it is, else all of them (ece.fqdn, a load balancer).
	var names []string
	var leaves []*x509.Certificate
	for _, w := range t.WebServers {
		if w.FQDN != "" && pcce.NormalizeHostName(w.FQDN) == h {
			names, leaves = nil, nil
			if p := f.web[w.Name].withSNI; p.err == nil {
				names, leaves = []string{w.Name}, []*x509.Certificate{p.v.Leaf()}
			}
			break
		}
		if p := f.web[w.Name].withSNI; p.err == nil {
			names = append(names, w.Name)
			leaves = append(leaves, p.v.Leaf())
		}
	}
	if len(leaves) == 0 {
		r.Status, r.Code = Skip, NoCertificatePresented
		r.Summary = fmt.Sprintf("the inventory names %s, but no web server presents a certificate to compare with (pkix names it)", hostName)
		return r
	}
	var bad []string
	for i, leaf := range leaves {
		if nameMatch(leaf, h) == matchNone {
			bad = append(bad, fmt.Sprintf("%s presents %s", names[i], describeCert(leaf)))
		}
	}
	if len(bad) > 0 {
		r.Status, r.Code = Fail, HostnameMismatch
		r.Summary = fmt.Sprintf("the inventory names the ECE web server %s, which its certificate does not list: %s", hostName, strings.Join(bad, "; "))
		r.Symptom, r.Fix = symptomMismatch, fix
		return r
	}
	r.Status = Pass
	r.Summary = fmt.Sprintf("the inventory names the ECE web server %s, which the certificate of %s lists", hostName, strings.Join(names, " and "))
	return r
}
