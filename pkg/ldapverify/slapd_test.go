package ldapverify

import (
	"context"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/slapdtest"
)

// TestVerifyAgainstSlapd runs Verify against a real OpenLDAP server
// (skipped when slapd is not installed, unless CI is set).
func TestVerifyAgainstSlapd(t *testing.T) {
	s := slapdtest.Start(t)
	base := func() Config {
		return Config{
			URL: s.URL(), RootCAs: []*x509.Certificate{s.CA()},
			BindDN: s.BindDN, Password: s.Password,
			BaseDN: s.BaseDN, DNAttribute: "userPrincipalName", TestUser: s.TestUser,
			Now: stepClock(),
		}
	}
	tests := []struct {
		name   string
		edit   func(*Config)
		code   FailureCode
		steps  string
		detail string
	}{
		{"LDAPS", nil, None, "dial tls bind search", `found "` + s.TestUserDN + `"`},
		{"StartTLS", func(c *Config) { c.URL, c.StartTLS = s.LDAPURL(), true }, None, "dial tls bind search", "StartTLS"},
		{"wrong password", func(c *Config) { c.Password += "x" }, BadCredentials, "dial tls bind", "LDAP 49 Invalid Credentials"},
		{"keystore without the CA", func(c *Config) { c.RootCAs = nil }, TLSUnknownAuthority, "dial tls", `issued by "CN=slapdtest CA"`},
		{"user not found", func(c *Config) { c.TestUser = "nobody@example.com" }, UserNotFound, "dial tls bind search", "no entry found"},
		{"base that does not exist", func(c *Config) { c.BaseDN = "ou=nope,dc=example,dc=com" }, NoSuchObject, "dial tls bind search", "LDAP 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base()
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			rep := Verify(context.Background(), cfg)
			var names []string
			for _, st := range rep.Steps {
				names = append(names, st.Name)
			}
			if rep.Code != tt.code || strings.Join(names, " ") != tt.steps {
				t.Fatalf("code %v, steps %q; want %v, %q\n%s", rep.Code, names, tt.code, tt.steps, dump(rep))
			}
			steps := dump(rep)
			if !strings.Contains(steps, tt.detail) {
				t.Errorf("details lack %q:\n%s", tt.detail, steps)
			}
			if strings.Contains(steps, s.Password) || (rep.Err != nil && strings.Contains(rep.Err.Error(), s.Password)) {
				t.Error("the password appears in the report")
			}
		})
	}
}
