package lab

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestInitWritesEveryFile(t *testing.T) {
	l := newLab(t)
	want := map[string]fs.FileMode{ // every regular file of the lab, and its mode
		"spec.yaml":                 0o644,
		"README.txt":                0o644,
		"certs/ad-dc.crt":           0o644,
		"certs/ad-dc.key":           0o600,
		"secrets/ece-keystore.pass": 0o600,
		"secrets/ldap-search.pass":  0o600,
		"secrets/pcce-admin.pass":   0o600,
		"secrets/ece-pa.pass":       0o600,
		"certs/pcce-aw.crt":         0o644,
		"certs/pcce-aw.key":         0o600,
		"secrets/awdb.pass":         0o600,
		"hosts/ece-web-a/C/Cisco/ECE/eService/templates/finesse/gadget/spog/spog_config.js":     0o644,
		"hosts/ece-web-b/C/Cisco/ECE/eService/templates/finesse/gadget/spog/spog_config.js":     0o644,
		"hosts/ads-a/C/Program Files (x86)/OpenJDK/jre-8.0.272.10-hotspot/lib/security/cacerts": 0o644,
		"hosts/ads-b/C/Program Files (x86)/OpenJDK/jre-8.0.272.10-hotspot/lib/security/cacerts": 0o644,
		"hosts/ads-a/.lab/services/Apache_Tomcat.json":                                          0o644,
		"hosts/ece-web-a/C/Windows/System32/inetsrv/config/applicationHost.config":              0o644,
		"hosts/ece-web-b/C/Windows/System32/inetsrv/config/applicationHost.config":              0o644,
		"hosts/ece-web-b/.lab/certstore/My/<THUMBPRINT>.pfx":                                    0o600,
		"hosts/ece-web-b/.lab/certstore/My/<THUMBPRINT>.json":                                   0o644,
		"hosts/ece-web-b/.lab/httpsys/sslcert.json":                                             0o644,
		".lab/ece/admin.json":                              0o600,
		".lab/ece/hash.key":                                0o600,
		"hosts/ads-b/.lab/services/Apache_Tomcat.json":     0o644,
		"hosts/ece-app-a/.lab/services/Cisco_Service.json": 0o644,
		"hosts/ece-app-b/.lab/services/Cisco_Service.json": 0o644,
		"hosts/ece-data/.lab/services/Cisco_Service.json":  0o644,
	}
	got := map[string]fs.FileMode{}
	err := filepath.WalkDir(l.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(l.Dir, p)
		rel = filepath.ToSlash(rel)
		if dir, file := path.Split(rel); strings.HasSuffix(dir, "/certstore/My/") {
			rel = dir + "<THUMBPRINT>" + path.Ext(file) // a thumbprint depends on the key
		}
		got[rel] = fi.Mode().Perm()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, mode := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("missing %s", name)
			continue
		}
		if g != mode {
			t.Errorf("%s: mode %v, want %v", name, g, mode)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected file %s", name)
		}
	}
	for _, h := range Topology() {
		if fi, err := os.Stat(HostDir(l.Dir, h.Name)); err != nil || !fi.IsDir() {
			t.Errorf("host folder %s missing: %v", h.Name, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(l.Dir, "secrets")); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("secrets folder: %v, want mode 0700", err)
	}
}

func TestInitResult(t *testing.T) {
	l := newLab(t)
	if !filepath.IsAbs(l.Dir) {
		t.Errorf("Dir %q is not absolute", l.Dir)
	}
	if l.SpecPath != filepath.Join(l.Dir, "spec.yaml") {
		t.Errorf("SpecPath = %q", l.SpecPath)
	}
	var names []string
	for _, h := range l.Hosts {
		names = append(names, h.Name+"="+strings.Join(h.Roles, ","))
	}
	want := []string{"ece-web-a=ece-web", "ece-web-b=ece-web", "ece-app-a=ece-app", "ece-app-b=ece-app",
		"ece-data=ece-data", "ads-a=pcce-ads", "ads-b=pcce-ads"}
	if !slices.Equal(names, want) {
		t.Errorf("Hosts = %v, want %v", names, want)
	}
	if got := l.HostPath("ads-a", CacertsPath); !strings.HasSuffix(filepath.ToSlash(got), "hosts/ads-a/C/Program Files (x86)/OpenJDK/jre-8.0.272.10-hotspot/lib/security/cacerts") {
		t.Errorf("HostPath = %q", got)
	}
}

func TestInitLeavesAppServersWithoutKeystore(t *testing.T) {
	l := newLab(t)
	for _, h := range []string{"ece-app-a", "ece-app-b"} {
		for _, p := range []string{ECEKeystorePath, `C:\ece\pcce`, `C:\ece`} {
			if _, err := os.Stat(l.HostPath(h, p)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: %s exists (err %v); apply creates it", h, p, err)
			}
		}
	}
}

func TestInitPassword(t *testing.T) {
	l := newLab(t)
	pw := string(readFile(t, filepath.Join(l.Dir, KeystorePassFile)))
	if len(pw) != passwordLen {
		t.Errorf("password length %d, want %d", len(pw), passwordLen)
	}
	if strings.Trim(pw, passwordAlphabet) != "" {
		t.Error("password has characters outside the alphabet")
	}
}

func TestInitSameRandSameValues(t *testing.T) {
	a, err := Init(filepath.Join(t.TempDir(), "a"), testOptions(7))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Init(filepath.Join(t.TempDir(), "b"), testOptions(7))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Init(filepath.Join(t.TempDir(), "c"), testOptions(8))
	if err != nil {
		t.Fatal(err)
	}
	pass := func(l *Lab) string { return string(readFile(t, filepath.Join(l.Dir, KeystorePassFile))) }
	serial := func(l *Lab) string { return readCert(t, filepath.Join(l.Dir, ADCertFile)).SerialNumber.String() }
	if pass(a) != pass(b) || serial(a) != serial(b) {
		t.Error("the same Rand gave different password or serial")
	}
	if pass(a) == pass(c) || serial(a) == serial(c) {
		t.Error("different Rand gave the same password or serial")
	}
	tomcat := func(l *Lab) string { return string(readFile(t, ServicePath(l.Dir, "ads-a", TomcatService))) }
	if tomcat(a) != tomcat(b) {
		t.Error("the same clock gave different service states")
	}
}

func TestInitRefuses(t *testing.T) {
	tests := map[string]func(t *testing.T, dir string){
		"folder with a file": func(t *testing.T, dir string) {
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
		},
		"folder with an empty folder": func(t *testing.T, dir string) {
			os.MkdirAll(filepath.Join(dir, "hosts"), 0o755)
		},
		"a file": func(t *testing.T, dir string) {
			os.WriteFile(dir, []byte("mine"), 0o644)
		},
	}
	for name, setup := range tests {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "lab")
			setup(t, dir)
			before := snapshot(t, parent)
			_, err := Init(dir, testOptions(1))
			if err == nil {
				t.Fatal("Init succeeded")
			}
			if !errors.Is(err, ErrNotEmpty) {
				t.Errorf("error %v does not wrap ErrNotEmpty", err)
			}
			if want := dir + " is not empty; lab init never overwrites"; err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			if after := snapshot(t, parent); !slices.Equal(before, after) {
				t.Errorf("Init wrote something: before %v after %v", before, after)
			}
		})
	}
}

func TestInitIntoEmptyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lab")
	if err := os.Mkdir(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	l, err := Init(dir, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.SpecPath); err != nil {
		t.Error(err)
	}
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "lab" {
		t.Errorf("siblings left behind: %v", entries)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o750 {
		t.Errorf("lab folder: %v, want the empty folder's mode 0750 kept", err)
	}
}

func TestInitCreatesParents(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "labs", "one")
	l, err := Init(dir, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.SpecPath); err != nil {
		t.Error(err)
	}
}

// failingReader fails every read, like a broken entropy source.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestInitErrorWritesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "new", "lab")
	opt := testOptions(1)
	opt.Rand = failingReader{}
	_, err := Init(dir, opt)
	if err == nil {
		t.Fatal("Init succeeded with a failing Rand")
	}
	if !strings.HasPrefix(err.Error(), dir+": ") {
		t.Errorf("error %q does not name the folder first", err)
	}
	if got := snapshot(t, parent); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
}

func TestInitNoFolder(t *testing.T) {
	if _, err := Init("", testOptions(1)); err == nil {
		t.Error("Init with an empty folder name succeeded")
	}
}

// snapshot lists every path below root, relative and sorted.
func snapshot(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
