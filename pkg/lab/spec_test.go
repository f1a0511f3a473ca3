package lab

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestSpecYAMLGolden(t *testing.T) {
	got, err := SpecYAML("DIR")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "spec.yaml.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("spec.yaml differs from %s (run go test -update):\n%s", golden, got)
	}
}

func TestSpecFileUnmarshals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lab")
	l, err := Init(dir, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	data := readFile(t, l.SpecPath)
	want, err := SpecYAML(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want) {
		t.Error("spec.yaml on disk is not SpecYAML of the folder")
	}
	if !bytes.Contains(data, []byte("ecereconcile plan     -f "+dir+"/spec.yaml")) {
		t.Error("the comment does not show the commands with the lab folder")
	}

	var s spec.Spec
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("decoding spec.yaml: %v", err)
	}
	if s.APIVersion != spec.APIVersion || s.Kind != spec.Kind || s.Metadata.Name != "lab" {
		t.Errorf("header %q %q %q", s.APIVersion, s.Kind, s.Metadata.Name)
	}
	if len(s.Hosts) != 7 {
		t.Fatalf("%d hosts, want 7", len(s.Hosts))
	}
	for i, h := range l.Hosts {
		sh := s.Hosts[i]
		if sh.Name != h.Name || len(sh.Roles) != 1 || sh.Roles[0] != h.Roles[0] ||
			sh.Connection.Type != spec.ConnLab || sh.Connection.Root != "hosts/"+h.Name {
			t.Errorf("host %d = %+v, want %s %v in hosts/%s", i, sh, h.Name, h.Roles, h.Name)
		}
		if fi, err := os.Stat(filepath.Join(l.Dir, sh.Connection.Root)); err != nil || !fi.IsDir() {
			t.Errorf("%s: root %s is not a folder", sh.Name, sh.Connection.Root)
		}
	}
	in := s.Integration
	if in == nil || in.ActiveDirectory == nil || in.SpogConfig == nil || in.ADSTrust == nil {
		t.Fatalf("integration incomplete: %+v", in)
	}
	files := map[string]string{
		"ece.webCertificate":                in.ECE.WebCertificate,
		"activeDirectory.certificate":       in.ActiveDirectory.Certificate,
		"activeDirectory.keystore.password": in.ActiveDirectory.Keystore.Password.File,
	}
	for field, rel := range files {
		if _, err := os.Stat(filepath.Join(l.Dir, rel)); err != nil {
			t.Errorf("%s: %v", field, err)
		}
	}
	checks := map[string][2]string{
		"ece.fqdn":                 {in.ECE.FQDN, ECEFQDN},
		"ece.home":                 {in.ECE.Home, ECEHome},
		"keystore path":            {in.ActiveDirectory.Keystore.Path, ECEKeystorePath},
		"truststore path":          {in.ADSTrust.Truststore.Path, CacertsPath},
		"restart service":          {in.ADSTrust.RestartService, TomcatService},
		"spog web server name":     {in.SpogConfig.WebServerName, ECEFQDN},
		"spog web server protocol": {in.SpogConfig.WebServerProtocol, "https"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
}

func TestShellWord(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"plain":      {"./lab", "./lab"},
		"absolute":   {"/tmp/x-1/lab_2", "/tmp/x-1/lab_2"},
		"space":      {"my lab", "'my lab'"},
		"quote":      {"it's", `'it'\''s'`},
		"line break": {"a\nb", "DIR"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := shellWord(tt.in); got != tt.want {
				t.Errorf("shellWord(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
