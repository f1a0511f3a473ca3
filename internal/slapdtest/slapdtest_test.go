package slapdtest

import (
	"crypto/tls"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/go-ldap/ldap/v3"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		name, bin, ci string
		skip          bool
		msg           string
	}{
		{"installed", "/usr/sbin/slapd", "", false, ""},
		{"installed in CI", "/usr/sbin/slapd", "true", false, ""},
		{"absent on a workstation", "", "", true, "slapd not installed; .ci/run installs it"},
		{"absent in CI", "", "true", false, "slapd not installed, and CI is set: install the Debian package slapd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			skip, msg := decide(tt.bin, tt.ci)
			if skip != tt.skip || msg != tt.msg {
				t.Errorf("decide = %v, %q", skip, msg)
			}
		})
	}
}

func TestSeedLDIF(t *testing.T) {
	ldif := seedLDIF("{SSHA}hash")
	for _, want := range []string{"dn: " + SearchDN + "\n", "userPrincipalName: " + SearchUPN + "\n", "dn: " + TestUserDN + "\n",
		"objectClass: adLiteUser\n", "userPassword: {SSHA}hash\n"} {
		if !strings.Contains(ldif, want) {
			t.Errorf("LDIF lacks %q", want)
		}
	}
	h, err := sshaHash("x")
	if err != nil || !strings.HasPrefix(h, "{SSHA}") || len(h) != len("{SSHA}")+40 {
		t.Errorf("ssha %q %v", h, err)
	}
}

func TestStart(t *testing.T) {
	s := Start(t)
	pool := x509.NewCertPool()
	pool.AddCert(s.CA())
	l, err := ldap.DialURL(s.URL(), ldap.DialWithTLSConfig(&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}))
	if err != nil {
		t.Fatalf("dial %s: %v", s.URL(), err)
	}
	defer l.Close()
	// Anonymous users see nothing: slapd hides even the suffix (noSuchObject).
	res, err := l.Search(ldap.NewSearchRequest(s.BaseDN, ldap.ScopeWholeSubtree, 0, 0, 0, false, "(objectClass=*)", nil, nil))
	if !ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject) && (err != nil || len(res.Entries) != 0) {
		t.Errorf("anonymous search: %v; want no entries", err)
	}
	if err := l.Bind(s.BindDN, s.Password); err != nil {
		t.Fatalf("bind: %v", err)
	}
	res, err = l.Search(ldap.NewSearchRequest(s.BaseDN, ldap.ScopeWholeSubtree, 0, 0, 0, false,
		"(userPrincipalName="+strings.ToUpper(s.TestUser)+")", []string{"userPrincipalName", "userPassword"}, nil))
	if err != nil || len(res.Entries) != 1 || res.Entries[0].DN != s.TestUserDN {
		t.Fatalf("search by UPN: %v %v", err, res)
	}
	if res.Entries[0].GetAttributeValue("userPassword") != "" {
		t.Error("a bound user reads userPassword")
	}
	if err := l.Bind(s.BindDN, s.Password+"x"); !ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
		t.Errorf("wrong password: %v", err)
	}
	c, err := ldap.DialURL(s.LDAPURL())
	if err != nil {
		t.Fatalf("dial %s: %v", s.LDAPURL(), err)
	}
	defer c.Close()
	if err := c.StartTLS(&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}); err != nil {
		t.Errorf("StartTLS: %v", err)
	}
}
