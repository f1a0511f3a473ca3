package ldapverify

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/goldenfile"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name  string
		url   string
		base  string
		attr  string
		ssl   bool
		codes string // "level:Code" of each finding, space-separated
	}{
		{"the tech note's setting: secure GC, empty base", "ldaps://gc.example.com:3269", "", "userPrincipalName", true, ""},
		{"secure GC written ldap:// with SSL on", "ldap://gc.example.com:3269", "", "userPrincipalName", true, ""},
		{"GC with a base is fine", "ldaps://gc.example.com:3269", "DC=example,DC=com", "userPrincipalName", true, ""},
		{"DN attribute compared without case", "ldaps://gc.example.com:3269", "", "userprincipalname", true, ""},
		{"sAMAccountName as DN attribute", "ldaps://gc.example.com:3269", "", "sAMAccountName", true, "warning:DNAttributeNotUPN"},
		{"cleartext GC", "ldap://gc.example.com:3268", "", "userPrincipalName", false, "warning:SSLDisabled"},
		{"LDAPS domain port with an empty base", "ldaps://dc1.example.com:636", "", "userPrincipalName", true, "error:DomainPortEmptyBase"},
		{"default ldaps port with an empty base", "ldaps://dc1.example.com", "", "userPrincipalName", true, "error:DomainPortEmptyBase"},
		{"cleartext domain port with an empty base", "ldap://dc1.example.com:389", "", "userPrincipalName", false, "error:DomainPortEmptyBase warning:SSLDisabled"},
		{"domain port with a base", "ldaps://dc1.example.com:636", "DC=example,DC=com", "userPrincipalName", true, "warning:NotGlobalCatalog"},
		{"ldaps on 3268", "ldaps://gc.example.com:3268", "", "userPrincipalName", true, "error:SchemePortMismatch"},
		{"SSL on, port 3268", "ldap://gc.example.com:3268", "", "userPrincipalName", true, "error:SchemePortMismatch"},
		{"ldap on 3269 with SSL off", "ldap://gc.example.com:3269", "", "userPrincipalName", false, "error:SchemePortMismatch warning:SSLDisabled"},
		{"ldaps URL with SSL off", "ldaps://gc.example.com:3269", "", "userPrincipalName", false, "warning:SSLFlagMismatch"},
		{"ldap on 636", "ldap://dc1.example.com:636", "DC=example,DC=com", "cn", false, "warning:NotGlobalCatalog error:SchemePortMismatch warning:SSLDisabled warning:DNAttributeNotUPN"},
		{"a custom port is not judged", "ldaps://ldap.example.com:10636", "", "userPrincipalName", true, ""},
		{"not a URL", "gc.example.com:3269", "", "userPrincipalName", true, "error:InvalidURL"},
		{"empty URL", "", "", "userPrincipalName", true, "error:InvalidURL"},
	}
	var golden strings.Builder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Analyze(tt.url, tt.base, tt.attr, tt.ssl)
			var got []string
			fmt.Fprintf(&golden, "== %s: url=%q base=%q attr=%q ssl=%v\n", tt.name, tt.url, tt.base, tt.attr, tt.ssl)
			for _, f := range fs {
				got = append(got, f.Level.String()+":"+f.Code)
				fmt.Fprintf(&golden, "%s %s: %s\n", f.Level, f.Code, f.Message)
				if f.Message == "" || strings.HasSuffix(f.Message, ".") {
					t.Errorf("%s: message %q", f.Code, f.Message)
				}
			}
			if g := strings.Join(got, " "); g != tt.codes {
				t.Errorf("findings %q, want %q", g, tt.codes)
			}
		})
	}
	checkGolden(t, "analyze.golden", golden.String())
}

// checkGolden compares text with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, text string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(text), *update)
}

func TestEveryFindingCodeIsCovered(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range []struct {
		url, base, attr string
		ssl             bool
	}{
		{"x", "", "", false},
		{"ldaps://h:636", "", "cn", false},
		{"ldap://h:389", "DC=x", "", false},
		{"ldaps://h:3268", "", "", true},
	} {
		for _, f := range Analyze(c.url, c.base, c.attr, c.ssl) {
			seen[f.Code] = true
		}
	}
	for _, code := range []string{FindingInvalidURL, FindingDNAttributeNotUPN, FindingDomainPortEmptyBase, FindingNotGlobalCatalog,
		FindingSSLDisabled, FindingSchemePortMismatch, FindingSSLFlagMismatch} {
		if !seen[code] {
			t.Errorf("finding %s never produced", code)
		}
	}
}

func TestEffectiveURL(t *testing.T) {
	tests := []struct {
		url  string
		ssl  bool
		want string
	}{
		{"ldap://gc.example.com:3269", true, "ldaps://gc.example.com:3269"},
		{"ldaps://gc.example.com:3269", true, "ldaps://gc.example.com:3269"},
		{"ldap://gc.example.com:3268", false, "ldap://gc.example.com:3268"},
		{"ldap://dc1.example.com", false, "ldap://dc1.example.com:389"},
		{"LDAPS://DC1.example.com", false, "ldaps://DC1.example.com:636"},
		{"ldap://[::1]:3268", true, "ldaps://[::1]:3268"},
	}
	for _, tt := range tests {
		got, err := EffectiveURL(tt.url, tt.ssl)
		if err != nil || got != tt.want {
			t.Errorf("EffectiveURL(%q, %v) = %q, %v; want %q", tt.url, tt.ssl, got, err, tt.want)
		}
	}
	if _, err := EffectiveURL("ftp://x", true); err == nil {
		t.Error("ftp:// accepted")
	}
}
