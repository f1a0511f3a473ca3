package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretRefResolve(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, content)
		return p
	}
	env := map[string]string{"SET": "from-env", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cases := []struct {
		name    string
		ref     SecretRef
		want    string
		wantErr string // substring; "" means success
	}{
		{name: "env set", ref: SecretRef{Env: "SET"}, want: "from-env"},
		{name: "env unset", ref: SecretRef{Env: "UNSET"}, wantErr: "secret env:UNSET: environment variable is not set"},
		{name: "env empty", ref: SecretRef{Env: "EMPTY"}, wantErr: "secret env:EMPTY: environment variable is empty"},
		{name: "file with LF", ref: SecretRef{File: file("lf", "pw-lf\n")}, want: "pw-lf"},
		{name: "file with CRLF", ref: SecretRef{File: file("crlf", "pw-crlf\r\n")}, want: "pw-crlf"},
		{name: "file without newline", ref: SecretRef{File: file("bare", "pw-bare")}, want: "pw-bare"},
		{name: "only one newline trimmed", ref: SecretRef{File: file("two", "pw-two\n\n")}, want: "pw-two\n"},
		{name: "inner spaces kept", ref: SecretRef{File: file("spaces", " a b \n")}, want: " a b "},
		{name: "file missing", ref: SecretRef{File: filepath.Join(dir, "missing")}, wantErr: "secret file:" + filepath.Join(dir, "missing") + ": no such file"},
		{name: "file empty", ref: SecretRef{File: file("empty", "\n")}, wantErr: "file is empty"},
		{name: "default", ref: SecretRef{Default: "changeit"}, want: "changeit"},
		{name: "zero", ref: SecretRef{}, wantErr: "no reference"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.ref.Resolve(lookup)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("Resolve() error = %v, want containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve() error = %v", err)
			}
			if string(got) != c.want {
				t.Errorf("Resolve() = %q, want %q", got, c.want)
			}
		})
	}
}

func TestSecretRefResolveMissingFileIsNotExist(t *testing.T) {
	_, err := SecretRef{File: filepath.Join(t.TempDir(), "x")}.Resolve(nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", err)
	}
}

func TestSecretRefDisplay(t *testing.T) {
	cases := []struct {
		name   string
		ref    SecretRef
		want   string
		isZero bool
	}{
		{"env", SecretRef{Env: "ECE_KEYSTORE_PASSWORD"}, "env:ECE_KEYSTORE_PASSWORD", false},
		{"file", SecretRef{File: "/etc/x.pass"}, "file:/etc/x.pass", false},
		{"default", SecretRef{Default: "changeit"}, "default", false},
		{"zero", SecretRef{}, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.ref.Ref(); got != c.want {
				t.Errorf("Ref() = %q, want %q", got, c.want)
			}
			if got := c.ref.IsZero(); got != c.isZero {
				t.Errorf("IsZero() = %v, want %v", got, c.isZero)
			}
		})
	}
}

// TestSecretRefNeverPrintsDefault checks that formatting a reference (even
// with %+v inside a struct) shows the reference, not the value.
func TestSecretRefNeverPrintsDefault(t *testing.T) {
	k := KeystoreStore{Path: `C:\x`, Password: SecretRef{Default: "changeit"}}
	for _, format := range []string{"%v", "%+v", "%s"} {
		if got := fmt.Sprintf(format, k); strings.Contains(got, "changeit") {
			t.Errorf("%s of a KeystoreStore shows the default password: %s", format, got)
		}
	}
}
