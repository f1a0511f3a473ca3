package spec

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sized writes a file of n bytes (a sparse file: no disk is used).
func sized(t *testing.T, dir, name string, n int64) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(n); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name    string
		path    string
		wantErr error  // nil: read
		wantMsg string // the cause, after "read PATH: "
	}{
		{"small file", sized(t, dir, "small.crt", 10), nil, ""},
		{"at the limit", sized(t, dir, "limit.crt", MaxFileSize), nil, ""},
		{"one byte over", sized(t, dir, "over.crt", MaxFileSize+1), ErrTooLarge,
			"is 1048577 bytes, larger than 1 MiB, the most a file named by the spec may be"},
		{"a folder", dir, ErrNotRegular, "is a directory"},
		{"a device", os.DevNull, ErrNotRegular, "is a device, not a regular file"},
		{"missing", filepath.Join(dir, "nothere.crt"), fs.ErrNotExist, "no such file or directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := os.Stat(c.path); c.wantErr != fs.ErrNotExist && err != nil {
				t.Skipf("no %s here: %v", c.path, err)
			}
			data, err := ReadFile(c.path)
			if c.wantErr == nil {
				if err != nil {
					t.Fatalf("ReadFile: %v", err)
				}
				if fi, _ := os.Stat(c.path); int64(len(data)) != fi.Size() {
					t.Errorf("read %d bytes of %d", len(data), fi.Size())
				}
				return
			}
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("ReadFile error %v, want wrapping %v", err, c.wantErr)
			}
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Path != c.path || pe.Err.Error() != c.wantMsg {
				t.Errorf("ReadFile error %q, want a *fs.PathError for %s: %s", err, c.path, c.wantMsg)
			}
		})
	}
}

// TestSpecFileLimits: a certificate file that is not a regular file or is
// too large is an error at the field naming it, whoever reads it.
func TestSpecFileLimits(t *testing.T) {
	dir := t.TempDir()
	sized(t, dir, "big.crt", MaxFileSize+1)
	if err := os.Mkdir(filepath.Join(dir, "folder.crt"), 0o755); err != nil {
		t.Fatal(err)
	}
	const spec = header + "metadata: {name: x}\n" +
		"hosts: [{name: ads, roles: [pcce-ads], connection: {type: local}}]\n" +
		"integration:\n  ece: {fqdn: ece.example.com}\n" +
		"  adsTrust:\n    truststore: {path: /opt/cacerts}\n    certificates: [{alias: a, certificate: %s}]\n"
	const at = "s.yaml:9:44: integration.adsTrust.certificates[0].certificate: "
	const hint = "\n  hint: a certificate file is PEM (one CERTIFICATE block) or DER, relative to the spec"
	huge := func(string) ([]byte, error) { return make([]byte, MaxFileSize+1), nil }
	cases := []struct {
		name     string
		file     string
		readFile func(string) ([]byte, error)
		want     string
	}{
		{"a device", os.DevNull, nil, at + "cannot read " + os.DevNull + ": is a device, not a regular file" + hint},
		{"a folder", "folder.crt", nil, at + "cannot read folder.crt: is a directory" + hint},
		{"too large", "big.crt", nil, at + "cannot read big.crt: is 1048577 bytes, larger than 1 MiB, the most a file named by the spec may be" + hint},
		{"too large from another reader", "any.crt", huge, at + "cannot read any.crt: is 1048577 bytes, larger than 1 MiB, the most a file named by the spec may be" + hint},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.file
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			if _, err := os.Stat(p); c.readFile == nil && err != nil {
				t.Skipf("no %s here: %v", c.file, err)
			}
			data := strings.Replace(spec, "%s", c.file, 1)
			_, err := Parse(filepath.Join(dir, "s.yaml"), []byte(data), c.readFile)
			if err == nil {
				t.Fatal("Parse accepted the spec")
			}
			if got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""); got != c.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestLoadSpecLimit: Load reads at most MaxSpecSize bytes of the spec, so
// a spec that never ends is refused instead of read forever.
func TestLoadSpecLimit(t *testing.T) {
	p := sized(t, t.TempDir(), "huge.yaml", MaxSpecSize+1)
	_, err := Load(p)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Load of a %d-byte spec: %v, want wrapping ErrTooLarge", MaxSpecSize+1, err)
	}
	if want := "loading spec: read " + p + ": is larger than 16 MiB, the most a spec may be"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}
