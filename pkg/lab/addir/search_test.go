package addir

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/go-ldap/ldap/v3"
)

func TestSearch(t *testing.T) {
	d := startSeed(t, nil)
	allRefs := []string{
		"ldap://emea.example.com/DC=emea,DC=example,DC=com",
		"ldap://DomainDnsZones.example.com/DC=DomainDnsZones,DC=example,DC=com",
		"ldap://ForestDnsZones.example.com/DC=ForestDnsZones,DC=example,DC=com",
		"ldap://example.com/CN=Configuration,DC=example,DC=com",
	}
	tests := []struct {
		name    string
		port    int
		base    string
		scope   string // base, one; default sub
		filter  string
		code    int
		diag    string // prefix of the diagnostic message
		matched string
		dns     []string
		refs    []string
	}{
		{name: "GC from the root finds a user of the root domain", port: PortGCSecure,
			filter: "(userPrincipalName=" + TestUserUPN + ")", dns: []string{TestUserDN}},
		{name: "GC from the root finds a user of the child domain", port: PortGCSecure,
			filter: "(userPrincipalName=" + ChildUserUPN + ")", dns: []string{ChildUserDN}},
		{name: "GC under the root domain includes the child domain", port: PortGCSecure, base: SeedBaseDN,
			filter: "(userPrincipalName=agent.*)", dns: []string{ChildUserDN}},
		{name: "GC matches UPNs case-insensitively", port: PortGCSecure,
			filter: "(userPrincipalName=PCCEADMIN@EXAMPLE.COM)", dns: []string{TestUserDN}},
		{name: "GC with a base that does not exist", port: PortGCSecure, base: "OU=Nope,DC=example,DC=com",
			filter: "(objectClass=*)", code: 32, diag: "0000208D: NameErr", matched: SeedBaseDN},
		{name: "GC with a base outside the forest refers", port: PortGCSecure, base: "DC=other,DC=org",
			filter: "(objectClass=*)", code: 10, diag: "0000202B: RefErr: DSID-0310082F, data 0, 1 access points\n\tref 1: 'other.org'"},
		{name: "domain port with an empty base refers (the PartialResultException trap)", port: PortLDAPS,
			filter: "(userPrincipalName=" + TestUserUPN + ")", code: 10, diag: "0000202B: RefErr: DSID-0310082F, data 0, 1 access points\n\tref 1: 'example.com'"},
		{name: "domain port from the domain root returns continuation references", port: PortLDAPS, base: SeedBaseDN,
			filter: "(userPrincipalName=" + TestUserUPN + ")", dns: []string{TestUserDN}, refs: allRefs},
		{name: "domain port one level below the root also returns them", port: PortLDAPS, base: SeedBaseDN, scope: "one",
			filter: "(objectClass=organizationalUnit)", dns: []string{"OU=Service,DC=example,DC=com"}, refs: allRefs},
		{name: "domain port below the root: no references", port: PortLDAPS, base: "CN=Users," + SeedBaseDN,
			filter: "(userPrincipalName=" + TestUserUPN + ")", dns: []string{TestUserDN}},
		{name: "domain port does not see the child domain", port: PortLDAPS, base: SeedBaseDN,
			filter: "(userPrincipalName=" + ChildUserUPN + ")", refs: allRefs},
		{name: "domain port with a base in the child domain refers to it", port: PortLDAPS, base: "CN=Users,DC=emea,DC=example,DC=com",
			filter: "(objectClass=*)", code: 10, diag: "0000202B: RefErr: DSID-0310082F, data 0, 1 access points\n\tref 1: 'emea.example.com'"},
		{name: "base scope reads one entry", port: PortGCSecure, base: SearchDN, scope: "base",
			filter: "(objectClass=user)", dns: []string{SearchDN}},
		{name: "objectCategory shorthand as in AD", port: PortGCSecure,
			filter: "(&(objectCategory=person)(objectClass=user)(sAMAccountName=svc-ece))", dns: []string{SearchDN}},
		{name: "a malformed base", port: PortGCSecure, base: "not a dn", filter: "(objectClass=*)", code: 34, diag: "0000208F: NameErr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := bound(t, d, tt.port)
			scope := map[string]int{"base": ldap.ScopeBaseObject, "one": ldap.ScopeSingleLevel, "": ldap.ScopeWholeSubtree}[tt.scope]
			res, err := l.Search(ldap.NewSearchRequest(tt.base, scope, ldap.NeverDerefAliases, 0, 0, false, tt.filter, []string{"userPrincipalName"}, nil))
			if got := resultCode(err); got != tt.code {
				t.Fatalf("result %d (%v), want %d", got, err, tt.code)
			}
			if tt.code != 0 {
				var e *ldap.Error
				errors.As(err, &e)
				if !strings.HasPrefix(e.Err.Error(), tt.diag) {
					t.Errorf("diagnostic %q, want prefix %q", e.Err.Error(), tt.diag)
				}
				if e.MatchedDN != tt.matched {
					t.Errorf("matched DN %q, want %q", e.MatchedDN, tt.matched)
				}
				return
			}
			var dns []string
			for _, e := range res.Entries {
				dns = append(dns, e.DN)
			}
			if !slices.Equal(dns, tt.dns) {
				t.Errorf("entries %q, want %q", dns, tt.dns)
			}
			if !slices.Equal(res.Referrals, tt.refs) {
				t.Errorf("references %q, want %q", res.Referrals, tt.refs)
			}
		})
	}
}

func TestSearchReturnsRequestedAttributesOnly(t *testing.T) {
	d := startSeed(t, nil)
	l := bound(t, d, PortGCSecure)
	res, err := l.Search(ldap.NewSearchRequest("", ldap.ScopeWholeSubtree, 0, 0, 0, false,
		"(userPrincipalName="+SearchUPN+")", []string{"userPrincipalName", "sAMAccountName"}, nil))
	if err != nil || len(res.Entries) != 1 {
		t.Fatalf("search: %v, %d entries", err, len(res.Entries))
	}
	e := res.Entries[0]
	if e.GetAttributeValue("userPrincipalName") != SearchUPN || e.GetAttributeValue("sAMAccountName") != "svc-ece" {
		t.Errorf("attributes %v", e.Attributes)
	}
	if len(e.Attributes) != 2 {
		t.Errorf("%d attributes, want the 2 requested", len(e.Attributes))
	}
	for _, a := range e.Attributes {
		for _, v := range a.Values {
			if v == testPassword {
				t.Errorf("attribute %s holds the password", a.Name)
			}
		}
	}
}

func TestSearchSizeLimit(t *testing.T) {
	d := startSeed(t, nil)
	l := bound(t, d, PortGCSecure)
	res, err := l.Search(ldap.NewSearchRequest("", ldap.ScopeWholeSubtree, 0, 1, 0, false, "(objectClass=user)", nil, nil))
	if resultCode(err) != ldap.LDAPResultSizeLimitExceeded {
		t.Fatalf("search: %v, want sizeLimitExceeded", err)
	}
	if len(res.Entries) != 1 {
		t.Errorf("%d entries, want 1", len(res.Entries))
	}
}

func TestRootDSEIsReadableAnonymously(t *testing.T) {
	d := startSeed(t, nil)
	l := connect(t, d, PortLDAPS)
	res, err := l.Search(ldap.NewSearchRequest("", ldap.ScopeBaseObject, 0, 0, 0, false, "(objectClass=*)", nil, nil))
	if err != nil || len(res.Entries) != 1 {
		t.Fatalf("root DSE: %v", err)
	}
	e := res.Entries[0]
	if got := e.GetAttributeValue("defaultNamingContext"); got != SeedBaseDN {
		t.Errorf("defaultNamingContext %q", got)
	}
	if got := e.GetAttributeValue("dnsHostName"); got != DefaultHostname {
		t.Errorf("dnsHostName %q", got)
	}
}
