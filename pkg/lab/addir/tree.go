package addir

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-ldap/ldap/v3"
)

// domain is one domain of the forest: a naming context.
type domain struct {
	dns     string   // emea.example.com
	dn      string   // DC=emea,DC=example,DC=com
	parsed  *ldap.DN //
	netbios string   // EMEA
}

// attr is one attribute of an entry, with its name as written.
type attr struct {
	name   string
	values []string
}

// entry is one object of the directory.
type entry struct {
	dn       string
	parsed   *ldap.DN
	domain   *domain
	attrs    []attr
	user     *User // nil for containers
	category string
}

// get returns the values of the attribute name (case-insensitive).
func (e *entry) get(name string) []string {
	for _, a := range e.attrs {
		if strings.EqualFold(a.name, name) {
			return a.values
		}
	}
	return nil
}

// tree is the whole forest.
type tree struct {
	domains []*domain // [0] is the forest root
	entries []*entry  // sorted by DN length, parents first
}

// newTree builds the forest from the options: a domain object per domain,
// every container above a user, and the users.
func newTree(o Options) (*tree, error) {
	t := &tree{}
	for _, name := range o.Domains {
		dn := domainDN(name)
		parsed, err := ldap.ParseDN(dn)
		if err != nil {
			return nil, fmt.Errorf("addir: domain %q: %w", name, err)
		}
		d := &domain{dns: strings.ToLower(name), dn: dn, parsed: parsed, netbios: strings.ToUpper(strings.Split(name, ".")[0])}
		t.domains = append(t.domains, d)
		t.add(&entry{dn: dn, parsed: parsed, domain: d, category: "Domain-DNS", attrs: []attr{
			{"objectClass", []string{"top", "domain", "domainDNS"}},
			{"dc", []string{strings.Split(name, ".")[0]}},
			{"name", []string{strings.Split(name, ".")[0]}},
		}})
	}
	for i := range o.Users {
		u := &o.Users[i]
		parsed, _ := ldap.ParseDN(u.DN)
		d := t.domainOf(parsed)
		if d == nil {
			return nil, fmt.Errorf("addir: user %q: not in any domain of the forest", u.DN)
		}
		if t.find(parsed) != nil {
			return nil, fmt.Errorf("addir: user %q: DN given twice", u.DN)
		}
		t.addParents(parsed, d)
		cn := rdnValue(parsed)
		attrs := []attr{
			{"objectClass", []string{"top", "person", "organizationalPerson", "user"}},
			{"cn", []string{cn}},
			{"name", []string{cn}},
			{"displayName", []string{cn}},
		}
		if u.SAMAccountName != "" {
			attrs = append(attrs, attr{"sAMAccountName", []string{u.SAMAccountName}})
		}
		if u.UPN != "" {
			attrs = append(attrs, attr{"userPrincipalName", []string{u.UPN}})
		}
		uac := "512" // NORMAL_ACCOUNT
		if u.Fault == "533" {
			uac = "514" // NORMAL_ACCOUNT | ACCOUNTDISABLE
		}
		attrs = append(attrs, attr{"userAccountControl", []string{uac}})
		t.add(&entry{dn: u.DN, parsed: parsed, domain: d, user: u, category: "Person", attrs: attrs})
	}
	sort.SliceStable(t.entries, func(i, j int) bool { return len(t.entries[i].parsed.RDNs) < len(t.entries[j].parsed.RDNs) })
	return t, nil
}

// add appends an entry, giving it distinguishedName and objectCategory.
func (t *tree) add(e *entry) {
	e.attrs = append(e.attrs,
		attr{"distinguishedName", []string{e.dn}},
		attr{"objectCategory", []string{"CN=" + e.category + ",CN=Schema,CN=Configuration," + t.domains[0].dn}})
	t.entries = append(t.entries, e)
}

// addParents creates the missing containers between the domain and dn.
func (t *tree) addParents(dn *ldap.DN, d *domain) {
	for depth := len(d.parsed.RDNs) + 1; depth < len(dn.RDNs); depth++ {
		p := &ldap.DN{RDNs: dn.RDNs[len(dn.RDNs)-depth:]}
		if t.find(p) != nil {
			continue
		}
		typ := strings.ToUpper(p.RDNs[0].Attributes[0].Type)
		e := &entry{dn: formatDN(p), parsed: p, domain: d}
		name := rdnValue(p)
		if typ == "OU" {
			e.category = "Organizational-Unit"
			e.attrs = []attr{{"objectClass", []string{"top", "organizationalUnit"}}, {"ou", []string{name}}, {"name", []string{name}}}
		} else {
			e.category = "Container"
			e.attrs = []attr{{"objectClass", []string{"top", "container"}}, {"cn", []string{name}}, {"name", []string{name}}}
		}
		t.add(e)
	}
}

// find returns the entry named dn, or nil.
func (t *tree) find(dn *ldap.DN) *entry {
	for _, e := range t.entries {
		if e.parsed.EqualFold(dn) {
			return e
		}
	}
	return nil
}

// domainOf returns the domain (naming context) holding dn: the deepest
// domain that is dn or an ancestor of it; nil when none.
func (t *tree) domainOf(dn *ldap.DN) *domain {
	var best *domain
	for _, d := range t.domains {
		if d.parsed.EqualFold(dn) || d.parsed.AncestorOfFold(dn) {
			if best == nil || len(d.parsed.RDNs) > len(best.parsed.RDNs) {
				best = d
			}
		}
	}
	return best
}

// bestMatch is the deepest existing entry above dn ("" when none), for a
// noSuchObject's matchedDN.
func (t *tree) bestMatch(dn *ldap.DN) string {
	best := ""
	depth := -1
	for _, e := range t.entries {
		if e.parsed.AncestorOfFold(dn) && len(e.parsed.RDNs) > depth {
			best, depth = e.dn, len(e.parsed.RDNs)
		}
	}
	return best
}

// inScope reports whether e is within scope of base (nil base: the root).
func inScope(e *entry, base *ldap.DN, scope int64) bool {
	if base == nil || len(base.RDNs) == 0 {
		switch scope {
		case ldap.ScopeBaseObject:
			return false
		case ldap.ScopeSingleLevel:
			return false // the forest root domain's parents do not exist
		}
		return true
	}
	switch scope {
	case ldap.ScopeBaseObject:
		return e.parsed.EqualFold(base)
	case ldap.ScopeSingleLevel:
		return len(e.parsed.RDNs) == len(base.RDNs)+1 && base.AncestorOfFold(e.parsed)
	}
	return e.parsed.EqualFold(base) || base.AncestorOfFold(e.parsed)
}

// domainDN turns a DNS name into DC=..,DC=.. form.
func domainDN(dns string) string {
	parts := strings.Split(dns, ".")
	for i, p := range parts {
		parts[i] = "DC=" + p
	}
	return strings.Join(parts, ",")
}

// dnsOf turns the DC= components of dn into a DNS name ("" when none).
func dnsOf(dn *ldap.DN) string {
	var labels []string
	for _, rdn := range dn.RDNs {
		for _, a := range rdn.Attributes {
			if strings.EqualFold(a.Type, "DC") {
				labels = append(labels, a.Value)
			}
		}
	}
	return strings.ToLower(strings.Join(labels, "."))
}

// rdnValue is the value of dn's first RDN.
func rdnValue(dn *ldap.DN) string {
	if len(dn.RDNs) == 0 || len(dn.RDNs[0].Attributes) == 0 {
		return ""
	}
	return dn.RDNs[0].Attributes[0].Value
}

// formatDN writes dn as Active Directory does: attribute types in upper
// case (CN=, OU=, DC=), values escaped as RFC 4514 requires.
func formatDN(dn *ldap.DN) string {
	rdns := make([]string, len(dn.RDNs))
	for i, rdn := range dn.RDNs {
		parts := make([]string, len(rdn.Attributes))
		for j, a := range rdn.Attributes {
			parts[j] = strings.ToUpper(a.Type) + "=" + escapeDNValue(a.Value)
		}
		rdns[i] = strings.Join(parts, "+")
	}
	return strings.Join(rdns, ",")
}

// escapeDNValue escapes an attribute value for a DN string (RFC 4514 2.4).
func escapeDNValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case strings.IndexByte(`,+"\<>;=`, c) >= 0,
			i == 0 && (c == ' ' || c == '#'),
			i == len(v)-1 && c == ' ':
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}
