package ldapverify

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/lab/addir"
)

func TestVerifyAgainstTheLabDirectory(t *testing.T) {
	d := startDir(t, nil)
	signing := startDir(t, func(o *addir.Options) { o.RequireSigning = true })
	other := startDir(t, nil)
	stopped := startDir(t, nil)
	stoppedURL := stopped.GCURL()
	stopped.Stop()
	silent := silentServer(t)
	closed := closedPort(t)

	// base is the configuration ECE would hold for the lab: the GC over
	// LDAPS, the search account, a test user, the directory's CA.
	base := func(d *addir.Directory) Config {
		return Config{
			URL:         "ldaps://dc1.example.com:3269",
			RootCAs:     []*x509.Certificate{d.CACert()},
			BindDN:      addir.SearchDN,
			Password:    testPassword,
			DNAttribute: "userPrincipalName",
			TestUser:    addir.TestUserUPN,
			Dial:        d.DialContext,
		}
	}
	tests := []struct {
		name   string
		dir    *addir.Directory
		edit   func(*Config)
		code   FailureCode
		steps  string // names of the steps that ran
		detail string // in the last step's Detail
	}{
		{name: "GC over LDAPS", code: None, steps: "dial tls bind search", detail: `found "CN=pcceadmin,CN=Users,DC=example,DC=com"`},
		{name: "GC by its lab URL", edit: func(c *Config) { c.URL, c.Dial = d.GCURL(), nil }, code: None, steps: "dial tls bind search"},
		{name: "user of the child domain through the GC", edit: func(c *Config) { c.TestUser = addir.ChildUserUPN }, code: None, steps: "dial tls bind search"},
		{name: "bind by UPN", edit: func(c *Config) { c.BindDN = addir.SearchUPN }, code: None, steps: "dial tls bind search"},
		{name: "StartTLS on the cleartext GC", edit: func(c *Config) { c.URL, c.StartTLS = "ldap://dc1.example.com:3268", true }, code: None, steps: "dial tls bind search", detail: "found"},
		{name: "cleartext GC", edit: func(c *Config) { c.URL = "ldap://dc1.example.com:3268" }, code: None, steps: "dial bind search"},
		{name: "no test user: any entry with a UPN", edit: func(c *Config) { c.TestUser = "" }, code: None, steps: "dial tls bind search"},
		{name: "domain port with the domain below the root", edit: func(c *Config) {
			c.URL, c.BaseDN = "ldaps://dc1.example.com:636", "CN=Users,DC=example,DC=com"
		}, code: None, steps: "dial tls bind search"},

		{name: "empty keystore", edit: func(c *Config) { c.RootCAs = nil }, code: TLSUnknownAuthority, steps: "dial tls",
			detail: `certificate "CN=dc1.example.com" issued by "CN=Example Lab Root CA,O=Lab Example" does not chain to any certificate of the keystore; import the AD certificate`},
		{name: "keystore with another CA", edit: func(c *Config) { c.RootCAs = []*x509.Certificate{other.CACert()} }, code: TLSUnknownAuthority, steps: "dial tls"},
		{name: "host name not in the certificate", edit: func(c *Config) { c.URL = "ldaps://gc.other.example.org:3269" }, code: TLSHostnameMismatch, steps: "dial tls",
			detail: `is valid for dc1.example.com, example.com, localhost, 127.0.0.1, ::1, not for "gc.other.example.org"`},
		{name: "StartTLS with an empty keystore", edit: func(c *Config) { c.URL, c.StartTLS, c.RootCAs = "ldap://dc1.example.com:3268", true, nil }, code: TLSUnknownAuthority, steps: "dial tls"},
		{name: "wrong password", edit: func(c *Config) { c.Password = "Wrong-Password-1" }, code: BadCredentials, steps: "dial tls bind",
			detail: "LDAP 49 Invalid Credentials: 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563 (Active Directory data 52e: bad password (or unknown user))"},
		{name: "disabled search account", edit: func(c *Config) { c.BindDN = addir.DisabledUserUPN }, code: BadCredentials, steps: "dial tls bind", detail: "data 533: account disabled"},
		{name: "no password", edit: func(c *Config) { c.Password = "" }, code: BadCredentials, steps: "dial tls bind", detail: "an empty password is an unauthenticated bind"},
		{name: "domain port with an empty base", edit: func(c *Config) { c.URL = "ldaps://dc1.example.com:636" }, code: Referral, steps: "dial tls bind search",
			detail: "LDAP 10 Referral: 0000202B: RefErr: DSID-0310082F, data 0, 1 access points ref 1: 'example.com'; use a Global Catalog"},
		{name: "domain port from the domain root", edit: func(c *Config) { c.URL, c.BaseDN = "ldaps://dc1.example.com:636", addir.SeedBaseDN }, code: Referral, steps: "dial tls bind search",
			detail: "returned 4 continuation reference(s) (ldap://emea.example.com/DC=emea,DC=example,DC=com, ldap://DomainDnsZones.example.com/DC=DomainDnsZones,DC=example,DC=com, ldap://ForestDnsZones.example.com/DC=ForestDnsZones,DC=example,DC=com and 1 more); the entry was found, but ECE's Java client stops on them"},
		{name: "cleartext bind with LDAP signing required", dir: signing, edit: func(c *Config) { c.URL = "ldap://dc1.example.com:3268" }, code: StrongAuthRequired, steps: "dial bind",
			detail: "LDAP 8 Strong Auth Required: 00002028: LdapErr"},
		{name: "StartTLS satisfies LDAP signing", dir: signing, edit: func(c *Config) { c.URL, c.StartTLS = "ldap://dc1.example.com:3268", true }, code: None, steps: "dial tls bind search"},
		{name: "anonymous", edit: func(c *Config) { c.BindDN, c.Password = "", "" }, code: BindRequired, steps: "dial tls bind search", detail: "000004DC"},
		{name: "user not found", edit: func(c *Config) { c.TestUser = "nobody@example.com" }, code: UserNotFound, steps: "dial tls bind search",
			detail: `search (userPrincipalName=nobody@example.com) under base "": no entry found`},
		{name: "DN attribute nobody has", edit: func(c *Config) { c.TestUser, c.DNAttribute = "", "mail" }, code: UserNotFound, steps: "dial tls bind search", detail: "no entry has the attribute mail"},
		{name: "base that does not exist", edit: func(c *Config) { c.BaseDN = "OU=Nope,DC=example,DC=com" }, code: NoSuchObject, steps: "dial tls bind search",
			detail: `closest existing entry "DC=example,DC=com"`},
		{name: "closed port", edit: func(c *Config) { c.URL, c.Dial = "ldaps://"+closed, nil }, code: Unreachable, steps: "dial", detail: "connection refused"},
		{name: "directory stopped", edit: func(c *Config) { c.URL, c.Dial = stoppedURL, nil }, code: Unreachable, steps: "dial"},
		{name: "unknown host", edit: func(c *Config) { c.URL, c.Dial = "ldaps://no-such-host.invalid:3269", nil }, code: Unreachable, steps: "dial", detail: `host name "no-such-host.invalid" not found`},
		{name: "LDAPS server that never answers", edit: func(c *Config) { c.URL, c.Dial, c.Timeout = "ldaps://"+silent, nil, 150*time.Millisecond }, code: Timeout, steps: "dial tls",
			detail: "no answer within 150ms"},
		{name: "LDAP server that never answers", edit: func(c *Config) { c.URL, c.Dial, c.Timeout = "ldap://"+silent, nil, 150*time.Millisecond }, code: Timeout, steps: "dial bind",
			detail: "no answer"},
		{name: "ldaps:// on a cleartext port", edit: func(c *Config) { c.URL = "ldaps://dc1.example.com:3268" }, code: Other, steps: "dial tls"},
		{name: "ldap:// on an LDAPS port", edit: func(c *Config) { c.URL = "ldap://dc1.example.com:3269" }, code: Other, steps: "dial bind"},
		{name: "URL with another scheme", edit: func(c *Config) { c.URL = "https://dc1.example.com" }, code: InvalidConfig, steps: "dial", detail: "scheme must be ldap or ldaps"},
		{name: "no URL", edit: func(c *Config) { c.URL = "" }, code: InvalidConfig, steps: "dial"},
		{name: "DN attribute that is not a name", edit: func(c *Config) { c.DNAttribute = "user)(x=*" }, code: InvalidConfig, steps: "dial tls bind search"},
		{name: "test user with filter characters is escaped", edit: func(c *Config) { c.TestUser = "*)(objectClass=*" }, code: UserNotFound, steps: "dial tls bind search"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := d
			if tt.dir != nil {
				dir = tt.dir
			}
			cfg := base(dir)
			cfg.Now = stepClock()
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			rep := Verify(context.Background(), cfg)
			var names []string
			for _, s := range rep.Steps {
				names = append(names, s.Name)
			}
			if got := strings.Join(names, " "); got != tt.steps {
				t.Errorf("steps %q, want %q", got, tt.steps)
			}
			if rep.Code != tt.code || rep.OK != (tt.code == None) {
				t.Fatalf("code %v ok %v, want %v\n%s", rep.Code, rep.OK, tt.code, dump(rep))
			}
			last := rep.Steps[len(rep.Steps)-1]
			if tt.detail != "" && !strings.Contains(last.Detail, tt.detail) {
				t.Errorf("detail %q\nwant it to contain %q", last.Detail, tt.detail)
			}
			for i, s := range rep.Steps {
				failed := i == len(rep.Steps)-1 && tt.code != None
				if s.OK == failed || (s.Code != None) != failed {
					t.Errorf("step %s: ok %v code %v", s.Name, s.OK, s.Code)
				}
				if s.Duration != time.Millisecond {
					t.Errorf("step %s lasted %v on the step clock, want 1ms", s.Name, s.Duration)
				}
			}
			if tt.code == None {
				if rep.Err != nil {
					t.Errorf("Err = %v on success", rep.Err)
				}
				return
			}
			var e *Error
			if !asError(rep.Err, &e) || e.Code != tt.code || e.Step != last.Name || !strings.HasPrefix(rep.Err.Error(), last.Name+": ") {
				t.Errorf("Err = %#v", rep.Err)
			}
		})
	}
}

// dump renders a report for failure messages.
func dump(r Report) string {
	var b strings.Builder
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "  %s ok=%v %v %s\n", s.Name, s.OK, s.Code, s.Detail)
	}
	return b.String()
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

func TestVerifySummary(t *testing.T) {
	d := startDir(t, nil)
	cfg := Config{URL: "ldaps://dc1.example.com:3269", RootCAs: []*x509.Certificate{d.CACert()}, BindDN: addir.SearchUPN,
		Password: testPassword, TestUser: addir.TestUserUPN, Dial: d.DialContext, Now: stepClock()}
	if got := Verify(context.Background(), cfg).Summary(); got != "ok 4 steps 9ms" {
		t.Errorf("summary %q", got)
	}
	cfg.RootCAs, cfg.Now = nil, stepClock()
	if got := Verify(context.Background(), cfg).Summary(); !strings.HasPrefix(got, "failed: TLSUnknownAuthority at tls: certificate ") {
		t.Errorf("summary %q", got)
	}
}

func TestVerifyCanceled(t *testing.T) {
	silent := silentServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep := Verify(ctx, Config{URL: "ldap://" + silent, BindDN: "x", Password: testPassword})
	if rep.OK || rep.Code != Other || !strings.Contains(rep.Err.Error(), "canceled") {
		t.Errorf("canceled verification: %v %v", rep.Code, rep.Err)
	}
}

func TestVerifyNeverShowsThePassword(t *testing.T) {
	d := startDir(t, nil)
	configs := map[string]Config{
		"ok":           {URL: d.GCURL(), RootCAs: []*x509.Certificate{d.CACert()}, BindDN: addir.SearchDN, TestUser: addir.TestUserUPN},
		"bad password": {URL: d.GCURL(), RootCAs: []*x509.Certificate{d.CACert()}, BindDN: addir.SearchDN, TestUser: addir.TestUserUPN},
		"unknown CA":   {URL: d.GCURL(), BindDN: addir.SearchDN},
		"bind DN holding the password": {URL: d.GCURL(), RootCAs: []*x509.Certificate{d.CACert()},
			BindDN: "CN=" + testPassword + ",DC=example,DC=com", TestUser: addir.TestUserUPN},
		"test user holding the password": {URL: d.GCURL(), RootCAs: []*x509.Certificate{d.CACert()},
			BindDN: addir.SearchDN, TestUser: testPassword},
		"URL holding the password": {URL: "ldaps://" + testPassword + ".invalid:3269", BindDN: addir.SearchDN},
	}
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			cfg.Password = testPassword
			if name == "bad password" {
				cfg.Password = testPassword + "x"
			}
			rep := Verify(context.Background(), cfg)
			js, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			texts := []string{string(js), fmt.Sprintf("%+v", rep), dump(rep)}
			for err := rep.Err; err != nil; err = unwrap(err) {
				texts = append(texts, err.Error())
			}
			for _, text := range texts {
				if strings.Contains(text, testPassword) {
					t.Errorf("the password appears in %q", text)
				}
			}
		})
	}
}

func unwrap(err error) error {
	u, ok := err.(interface{ Unwrap() error })
	if !ok {
		return nil
	}
	return u.Unwrap()
}
