package spec

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFieldErrorString(t *testing.T) {
	cases := []struct {
		name string
		err  FieldError
		want string
	}{
		{"full", FieldError{File: "s.yaml", Line: 3, Col: 7, Path: "hosts[0].name", Msg: "missing required field"},
			"s.yaml:3:7: hosts[0].name: missing required field"},
		{"with hint", FieldError{File: "s.yaml", Line: 1, Col: 1, Path: "a", Msg: "m", Hint: "h"},
			"s.yaml:1:1: a: m\n  hint: h"},
		{"no column", FieldError{File: "s.yaml", Line: 4, Msg: "invalid YAML: x"},
			"s.yaml:4: invalid YAML: x"},
		{"no position", FieldError{File: "s.yaml", Msg: "invalid YAML: x"},
			"s.yaml: invalid YAML: x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.err.Error(); got != c.want {
				t.Errorf("Error() = %q, want %q", got, c.want)
			}
		})
	}
}

func TestFieldErrorsSortedAndReachable(t *testing.T) {
	_, err := Parse("x.yaml", []byte("kind: Environment\nmetadata: {name: x}\nhosts: []\nbogus: 1\n"), nil)
	fes := FieldErrors(err)
	var got []string
	for _, fe := range fes {
		got = append(got, fmt.Sprintf("%d:%d %s", fe.Line, fe.Col, fe.Path))
	}
	want := []string{"1:1 apiVersion", "3:8 hosts", "4:1 bogus"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("FieldErrors = %v, want %v", got, want)
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Errorf("errors.As(*FieldError) failed on %v", err)
	}
	if n := len(strings.Split(err.Error(), "\n")); n != 5 { // 3 errors, two with a hint line
		t.Errorf("error text has %d lines:\n%s", n, err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want wrapping os.ErrNotExist", err)
	}
}

func TestParseCertificate(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "certs", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name    string
		data    []byte
		wantCN  string
		wantErr string
	}{
		{"pem", read("ad-dc.crt"), "dc1.mydomain.local", ""},
		{"der", read("corp-root.crt"), "Corp Root CA", ""},
		{"chain", read("chain.crt"), "", "holds 5 certificates; want one per file"},
		{"garbage", read("garbage.crt"), "", "is neither a PEM certificate nor a DER certificate"},
		{"other pem block", []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "", "holds a PEM PRIVATE KEY block; want a CERTIFICATE"},
		{"bad pem certificate", []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "", "holds a PEM CERTIFICATE that does not parse"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cert, err := ParseCertificate(c.data)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error = %v, want containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cert.Subject.CommonName != c.wantCN {
				t.Errorf("CN = %q, want %q", cert.Subject.CommonName, c.wantCN)
			}
		})
	}
}

func TestCheckServerPath(t *testing.T) {
	lab := Host{Name: "ads-a", Connection: Connection{Type: ConnLab}}
	local := Host{Name: "me", Connection: Connection{Type: ConnLocal}}
	cases := []struct {
		name  string
		path  string
		hosts []Host
		want  string // substring of the problem; "" means fine
	}{
		{"drive", `C:\ece\pcce\mydomain.jks`, []Host{lab}, ""},
		{"drive forward slashes", `d:/ece/x.jks`, []Host{lab}, ""},
		{"unc", `\\server\share\x.jks`, []Host{lab}, ""},
		{"posix on local", `/opt/x.jks`, []Host{local}, ""},
		{"posix on lab", `/opt/x.jks`, []Host{local, lab}, "is a POSIX path but ads-a is a lab host"},
		{"relative", `ece\x.jks`, []Host{lab}, "is not an absolute path"},
		{"drive relative", `C:x.jks`, []Host{lab}, "is not an absolute path"},
		{"unc without share", `\\server`, []Host{lab}, "is not an absolute path"},
		{"escape mangled", "C:\temp\new.jks", []Host{lab}, "contains a control character"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := checkServerPath(c.path, c.hosts)
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("checkServerPath(%q) = %q, want %q", c.path, got, c.want)
			}
		})
	}
}

func TestCheckDNSName(t *testing.T) {
	cases := []struct {
		name string
		ok   bool
	}{
		{"ece.lab.example.com", true},
		{"ece", true},
		{"a-b.c0", true},
		{"", false},
		{"-a.example.com", false},
		{"a_b.example.com", false},
		{"a..b", false},
		{"ece.example.com.", false},
		{strings.Repeat("a", 64) + ".com", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkDNSName(c.name) == ""; got != c.ok {
				t.Errorf("checkDNSName(%q) ok = %v, want %v", c.name, got, c.ok)
			}
		})
	}
}

func TestClosest(t *testing.T) {
	candidates := []string{"name", "fqdn", "roles", "connection"}
	cases := []struct {
		word, want string
		ok         bool
	}{
		{"fdqn", "fqdn", true},
		{"nmae", "name", true},
		{"Roles", "roles", true},
		{"conection", "connection", true},
		{"transport", "", false},
		{"x", "", false},
	}
	for _, c := range cases {
		t.Run(c.word, func(t *testing.T) {
			got, ok := closest(c.word, candidates)
			if ok != c.ok || (ok && got != c.want) {
				t.Errorf("closest(%q) = %q, %v; want %q, %v", c.word, got, ok, c.want, c.ok)
			}
		})
	}
}
