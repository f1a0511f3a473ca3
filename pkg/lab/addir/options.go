package addir

import (
	"crypto/tls"
	"fmt"
	"strings"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// Options configure a Directory. The zero value is a directory with the
// seed's domains and no users; [Seed] gives the full default lab.
type Options struct {
	// Hostname is the domain controller's DNS name, in the root DSE and the
	// certificate; default DefaultHostname.
	Hostname string
	// Domains are the DNS names of the forest's domains; the first is the
	// forest root, the one the domain ports serve. Default SeedDomain and
	// SeedChildDomain.
	Domains []string
	// Users of the directory; each DN must lie in one of the Domains.
	Users []User
	// Cleartext also opens the cleartext ports (like 3268 and 389).
	Cleartext bool
	// RequireSigning refuses simple binds with a password on cleartext
	// connections with strongAuthRequired, as a domain controller with LDAP
	// signing required does.
	RequireSigning bool
	// CertHosts, when set, are exactly the DNS names and IP addresses the
	// server certificate is valid for (to provoke a host name mismatch).
	// Default: Hostname, the forest root domain, localhost, 127.0.0.1, ::1.
	CertHosts []string
	// Certificate, when set, is served instead of a certificate from the
	// directory's own CA: the lab's domain controller certificate, so that
	// the keystore of step 2.1 verifies for real. CACert then returns the
	// last certificate of its chain (the certificate itself when
	// self-signed). CertHosts is ignored.
	Certificate *tls.Certificate
	// Now is the clock for the certificates' validity; default time.Now.
	Now func() time.Time
}

// User is a user account.
type User struct {
	// DN, such as CN=svc-ece,OU=Service,DC=example,DC=com.
	DN string
	// SAMAccountName, the down-level logon name (svc-ece).
	SAMAccountName string
	// UPN is the userPrincipalName (svc-ece@example.com).
	UPN string
	// Password of the account.
	Password string
	// Fault, when set, is the Active Directory "data" sub-code a bind with
	// the right password fails with: "533" account disabled, "775" locked
	// out, "532" password expired, "701" account expired, "773" must reset
	// the password.
	Fault string
}

// Defaults of the seed lab.
const (
	DefaultHostname = "dc1.example.com"
	SeedDomain      = "example.com"
	SeedBaseDN      = "DC=example,DC=com"
	SeedChildDomain = "emea.example.com"

	// SearchDN and SearchUPN name the search account of ECE's form.
	SearchDN  = "CN=svc-ece,OU=Service,DC=example,DC=com"
	SearchUPN = "svc-ece@example.com"
	// TestUserUPN is an administrator who opens the ECE gadget in SPOG.
	TestUserUPN = "pcceadmin@example.com"
	TestUserDN  = "CN=pcceadmin,CN=Users,DC=example,DC=com"
	// ChildUserUPN lives in the child domain: only a Global Catalog finds it
	// from the root.
	ChildUserUPN = "agent.emea@emea.example.com"
	ChildUserDN  = "CN=Agent EMEA,CN=Users,DC=emea,DC=example,DC=com"
	// DisabledUserUPN is a disabled account (data 533).
	DisabledUserUPN = "former.admin@example.com"
	DisabledUserDN  = "CN=Former Admin,CN=Users,DC=example,DC=com"
)

// Seed returns the default lab: the seed domains, the search account and
// the test users, all with password, and the cleartext ports open.
func Seed(password string) Options {
	return Options{
		Hostname: DefaultHostname,
		Domains:  []string{SeedDomain, SeedChildDomain},
		Users: []User{
			{DN: SearchDN, SAMAccountName: "svc-ece", UPN: SearchUPN, Password: password},
			{DN: TestUserDN, SAMAccountName: "pcceadmin", UPN: TestUserUPN, Password: password},
			{DN: ChildUserDN, SAMAccountName: "agent.emea", UPN: ChildUserUPN, Password: password},
			{DN: DisabledUserDN, SAMAccountName: "former.admin", UPN: DisabledUserUPN, Password: password, Fault: "533"},
		},
		Cleartext: true,
	}
}

// withDefaults fills the zero fields and checks the users.
func (o Options) withDefaults() (Options, error) {
	if o.Hostname == "" {
		o.Hostname = DefaultHostname
	}
	if len(o.Domains) == 0 {
		o.Domains = []string{SeedDomain, SeedChildDomain}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	for i, d := range o.Domains {
		if d == "" || strings.Trim(d, ".") != d || strings.Contains(d, "..") {
			return o, fmt.Errorf("addir: domain %d: %q is not a DNS name", i, d)
		}
	}
	for i, u := range o.Users {
		if _, err := ldap.ParseDN(u.DN); err != nil || u.DN == "" {
			return o, fmt.Errorf("addir: user %d: bad DN %q", i, u.DN)
		}
		if u.UPN == "" && u.SAMAccountName == "" {
			return o, fmt.Errorf("addir: user %q: needs a UPN or a sAMAccountName", u.DN)
		}
	}
	return o, nil
}
