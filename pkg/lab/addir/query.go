package addir

import (
	"github.com/go-ldap/ldap/v3"
	"github.com/jimlambrt/gldap"
)

// result is the answer to a search before it is written.
type result struct {
	entries []*entry
	refs    []string // continuation reference URLs
	code    int
	diag    string
	matched string
}

// query answers a search by a bound user. A Global Catalog holds every
// domain and searches from the root; a domain controller holds only the
// forest root domain, refers everything else, and adds continuation
// references to the naming contexts below that domain.
func (t *tree) query(gc bool, m *gldap.SearchMessage) result {
	flt, err := compileFilter(m.Filter)
	if err != nil {
		return result{code: gldap.ResultProtocolError, diag: diagBadFilter}
	}
	var base *ldap.DN
	if m.BaseDN != "" {
		if base, err = ldap.ParseDN(m.BaseDN); err != nil {
			return result{code: gldap.ResultInvalidDNSyntax, diag: badName(m.BaseDN)}
		}
	}
	root := t.domains[0]
	if base == nil || len(base.RDNs) == 0 {
		if !gc {
			return referral(root.dns)
		}
	} else {
		d := t.domainOf(base)
		if d == nil || (!gc && d != root) {
			name := dnsOf(base)
			if name == "" {
				name = root.dns
			}
			return referral(name)
		}
		if t.find(base) == nil {
			best := t.bestMatch(base)
			return result{code: gldap.ResultNoSuchObject, diag: noSuchObject(best), matched: best}
		}
	}
	var res result
	for _, e := range t.entries {
		if (gc || e.domain == root) && inScope(e, base, int64(m.Scope)) && flt.match(e) {
			res.entries = append(res.entries, e)
		}
	}
	if !gc && base != nil && base.EqualFold(root.parsed) && m.Scope != gldap.BaseObject {
		res.refs = t.subordinateRefs()
	}
	return res
}

// referral is an LDAP 10 result naming dns.
func referral(dns string) result {
	return result{code: gldap.ResultReferral, diag: referralTo(dns)}
}

// subordinateRefs are the continuation references a domain controller of
// the forest root returns for a search from the domain's root: the child
// domains, DomainDnsZones, ForestDnsZones and Configuration.
func (t *tree) subordinateRefs() []string {
	root := t.domains[0]
	var refs []string
	for _, d := range t.domains[1:] {
		if root.parsed.AncestorOfFold(d.parsed) {
			refs = append(refs, "ldap://"+d.dns+"/"+d.dn)
		}
	}
	return append(refs,
		"ldap://DomainDnsZones."+root.dns+"/DC=DomainDnsZones,"+root.dn,
		"ldap://ForestDnsZones."+root.dns+"/DC=ForestDnsZones,"+root.dn,
		"ldap://"+root.dns+"/CN=Configuration,"+root.dn)
}
