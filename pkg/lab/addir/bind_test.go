package addir

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-ldap/ldap/v3"
)

func TestBind(t *testing.T) {
	d := startSeed(t, nil)
	tests := []struct {
		name     string
		user     string
		password string
		code     int
		diag     string // expected diagnostic message, exact
	}{
		{"by DN", SearchDN, testPassword, 0, ""},
		{"by DN in other case and spacing", "cn=SVC-ECE, ou=service, dc=example, dc=com", testPassword, 0, ""},
		{"by UPN", SearchUPN, testPassword, 0, ""},
		{"by UPN in upper case", strings.ToUpper(SearchUPN), testPassword, 0, ""},
		{"down-level logon name", `EXAMPLE\svc-ece`, testPassword, 0, ""},
		{"child domain user by UPN", ChildUserUPN, testPassword, 0, ""},
		{"wrong password", SearchDN, "wrong-password", 49, "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563\x00"},
		{"unknown UPN", "nobody@example.com", testPassword, 49, "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563\x00"},
		{"unknown DN", "CN=nobody,DC=example,DC=com", testPassword, 49, "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563\x00"},
		{"down-level name in the wrong domain", `EMEA\svc-ece`, testPassword, 49, "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563\x00"},
		{"disabled account, right password", DisabledUserUPN, testPassword, 49, "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 533, v4563\x00"},
		{"disabled account, wrong password", DisabledUserUPN, "wrong-password", 49, "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, port := range []int{PortGCSecure, PortLDAPS} {
				l := connect(t, d, port)
				err := l.Bind(tt.user, tt.password)
				if got := resultCode(err); got != tt.code {
					t.Fatalf("port %d: result %d (%v), want %d", port, got, err, tt.code)
				}
				if tt.diag != "" {
					var e *ldap.Error
					if !errors.As(err, &e) || e.Err.Error() != tt.diag {
						t.Errorf("port %d: diagnostic %q, want %q", port, e.Err, tt.diag)
					}
				}
				if err != nil && strings.Contains(err.Error(), tt.password) {
					t.Errorf("port %d: the error holds the password", port)
				}
			}
		})
	}
}

func TestFailedBindMakesTheConnectionAnonymous(t *testing.T) {
	d := startSeed(t, nil)
	l := bound(t, d, PortGCSecure)
	if err := l.Bind(SearchDN, "wrong-password"); resultCode(err) != 49 {
		t.Fatalf("second bind: %v, want 49", err)
	}
	_, err := l.Search(ldap.NewSearchRequest("", ldap.ScopeWholeSubtree, 0, 0, 0, false, "(userPrincipalName="+TestUserUPN+")", nil, nil))
	if resultCode(err) != ldap.LDAPResultOperationsError {
		t.Fatalf("search after a failed bind: %v, want operationsError", err)
	}
}

func TestAnonymousBindThenSearchIsRefused(t *testing.T) {
	d := startSeed(t, nil)
	l := connect(t, d, PortGCSecure)
	if err := l.UnauthenticatedBind(""); err != nil {
		t.Fatalf("anonymous bind: %v", err)
	}
	_, err := l.Search(ldap.NewSearchRequest("", ldap.ScopeWholeSubtree, 0, 0, 0, false, "(objectClass=*)", nil, nil))
	var e *ldap.Error
	if !errors.As(err, &e) || e.ResultCode != ldap.LDAPResultOperationsError || !strings.HasPrefix(e.Err.Error(), "000004DC: LdapErr") {
		t.Fatalf("anonymous search: %v, want operationsError 000004DC", err)
	}
}
