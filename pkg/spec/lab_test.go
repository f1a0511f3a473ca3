package spec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/lab"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// extraResources is appended to the lab spec to exercise the low-level
// resources list next to the integration block.
const extraResources = `resources:
  - keystore:
      name: extra_trust
      hosts: [ads-a]
      path: 'C:\icm\ssl\extra.jks'
      password: {env: EXTRA_PASS}
      create: true
      entries:
        - {alias: corp-root, certificate: certs/corp-root.crt}
`

// writeLab lays the lab spec out in a temporary folder as lab init would,
// and returns the spec's path.
func writeLab(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"ad-dc.crt", "corp-root.crt"} {
		copyFile(t, filepath.Join("testdata", "certs", name), filepath.Join(dir, "certs", name))
	}
	copyFile(t, filepath.Join("testdata", "certs", "corp-root.crt"), filepath.Join(dir, "certs", "pcce-aw.crt"))
	writeFile(t, filepath.Join(dir, "secrets", "ece-keystore.pass"), "s3cret-one\n")
	labSpec, err := lab.SpecYAML(dir) // the very text `lab init` writes
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "spec.yaml"), string(labSpec)+extraResources)
	return filepath.Join(dir, "spec.yaml")
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dst, string(b))
}

func TestLabSpecLoads(t *testing.T) {
	path := writeLab(t)
	s, err := Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	dir := filepath.Dir(path)

	var addrs []string
	for _, inst := range s.Instances() {
		addrs = append(addrs, inst.Addr.String())
	}
	want := []string{
		"keystore.ece_ad_keystore[ece-app-a]", "keystore.ece_ad_keystore[ece-app-b]",
		"spog_config.spog_config[ece-web-a]", "spog_config.spog_config[ece-web-b]",
		"certificate.ece_web[ece-web-a]", "certificate.ece_web[ece-web-b]",
		"iis_binding.ece_https[ece-web-a]", "iis_binding.ece_https[ece-web-b]",
		"keystore.ads_cacerts[ads-a]", "service.ads_tomcat[ads-a]",
		"keystore.ads_cacerts[ads-b]", "service.ads_tomcat[ads-b]",
		"check.mrds[PCCE]", "check.app_instance[PCCE]", "inventory_machine.ece_data[PCCE]",
		"inventory_machine.ece_web[PCCE]", "check.inventory_status[PCCE]",
		"ece_partition_sso.partition_admin[ECE]",
		"ece_trace_level.eaas_process[ECE]", "ece_trace_level.eams_process[ECE]",
		"ece_trace_level.dx_process[ECE]", "ece_trace_level.rx_process[ECE]",
		"ece_ucce_integration.ucce[ECE]",
		"keystore.extra_trust[ads-a]",
	}
	if strings.Join(addrs, " ") != strings.Join(want, " ") {
		t.Errorf("instances:\n got %v\nwant %v", addrs, want)
	}

	checks := []struct {
		name      string
		got, want string
	}{
		{"file", s.File, path},
		{"dir", s.Dir, dir},
		{"stateDir", s.Metadata.StateDir, filepath.Join(dir, ".ecereconcile", "lab")},
		{"lab root", s.Hosts[0].Connection.Root, filepath.Join(dir, "hosts", "ece-web-a")},
		{"ad keystore password", s.Integration.ActiveDirectory.Keystore.Password.Ref(), "file:" + filepath.Join(dir, "secrets", "ece-keystore.pass")},
		{"truststore password", s.Integration.ADSTrust.Truststore.Password.Ref(), "default"},
		{"truststore default value", s.Integration.ADSTrust.Truststore.Password.Default, "changeit"},
		{"truststore type", s.Integration.ADSTrust.Truststore.Type, "jks"},
		{"restart service", s.Integration.ADSTrust.RestartService, "Apache Tomcat"},
		{"spog path", s.Integration.SpogConfig.Path, `C:\Cisco\ECE\eService\templates\finesse\gadget\spog\spog_config.js`},
		{"web cert source", s.Integration.WebCertificate.Source, CertSourceSelfSigned},
		{"web cert CN", s.Integration.WebCertificate.CommonName, "ece.lab.example.com"},
		{"iis site", s.Integration.IISBinding.Site, "Default Web Site"},
		{"ad cert CN", s.Integration.ActiveDirectory.Cert.Subject.CommonName, "dc1.mydomain.local"},
		{"certificate path as written", s.Integration.ActiveDirectory.Certificate, "certs/ad-dc.crt"},
		{"extra keystore type", s.Resources[0].Keystore.Type, "jks"},
		{"hash prefix", s.Hash[:7], "sha256:"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if h, ok := s.Host("ads-b"); !ok || h.Roles[0] != RolePCCEADS {
		t.Errorf("Host(ads-b) = %v, %v", h, ok)
	}
	if _, ok := s.Host("nope"); ok {
		t.Errorf("Host(nope) found a host")
	}
}

// TestHash checks that the hash covers the spec and its certificates but
// not secret files.
func TestHash(t *testing.T) {
	path := writeLab(t)
	dir := filepath.Dir(path)
	hash := func() string {
		t.Helper()
		s, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		return s.Hash
	}
	base := hash()
	if again := hash(); again != base {
		t.Fatalf("hash not stable: %s then %s", base, again)
	}
	writeFile(t, filepath.Join(dir, "secrets", "ece-keystore.pass"), "another secret\n")
	if h := hash(); h != base {
		t.Errorf("changing a secret file changed the hash")
	}
	copyFile(t, filepath.Join("testdata", "certs", "ece-web-host.crt"), filepath.Join(dir, "certs", "corp-root.crt"))
	if h := hash(); h == base {
		t.Errorf("changing a certificate did not change the hash")
	}
}

// TestParseUsesReadFile checks that Parse reads certificates through the
// given function, with paths resolved against the spec's folder.
func TestParseUsesReadFile(t *testing.T) {
	certs := map[string][]byte{}
	for _, name := range []string{"ad-dc.crt", "corp-root.crt"} {
		b, err := os.ReadFile(filepath.Join("testdata", "certs", name))
		if err != nil {
			t.Fatal(err)
		}
		certs[filepath.Join("/specs", "certs", name)] = b
		if name == "corp-root.crt" {
			certs[filepath.Join("/specs", "certs", "pcce-aw.crt")] = b
		}
	}
	var asked []string
	readFile := func(p string) ([]byte, error) {
		asked = append(asked, p)
		if b, ok := certs[p]; ok {
			return b, nil
		}
		return nil, os.ErrNotExist
	}
	labSpec, err := lab.SpecYAML("/specs")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("/specs/lab.yaml", append(labSpec, extraResources...), readFile)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(asked) != 3 {
		t.Errorf("readFile called for %v; want each of the 3 certificates once", asked)
	}
	if s.Dir != "/specs" {
		t.Errorf("Dir = %q", s.Dir)
	}
}

// TestInstancesOfBuiltSpec checks the expansion of a Spec built in code
// (no positions, not loaded).
func TestInstancesOfBuiltSpec(t *testing.T) {
	s := &Spec{
		Hosts: []Host{
			{Name: "a", Roles: []string{RolePCCEADS}, Connection: Connection{Type: ConnLocal}},
			{Name: "b", Roles: []string{RolePCCEADS}, Connection: Connection{Type: ConnLocal}},
		},
		Integration: &Integration{
			ECE:      ECEConfig{FQDN: "ece.example.com"},
			ADSTrust: &ADSTrust{RestartService: "Apache Tomcat"},
		},
		Resources: []ResourceDecl{
			{Keystore: &KeystoreDecl{Common: Common{Name: "k", Hosts: []string{"a", "b"}}}},
			{Service: &ServiceDecl{Common: Common{Name: "s", Hosts: []string{"b"}, DependsOn: []string{"keystore.k[a]"}}, RestartOn: []string{"keystore.k"}}},
		},
	}
	insts := s.Instances()
	byAddr := map[string]Instance{}
	for _, i := range insts {
		byAddr[i.Addr.String()] = i
	}
	cases := []struct {
		addr       string
		dependsOn  string
		subscribes string
	}{
		{"keystore.ads_cacerts[a]", "[]", "[]"},
		{"service.ads_tomcat[b]", "[keystore.ads_cacerts[b]]", "[keystore.ads_cacerts[b]]"},
		{"keystore.k[b]", "[]", "[]"},
		{"service.s[b]", "[keystore.k[a] keystore.k[b]]", "[keystore.k[b]]"},
	}
	for _, c := range cases {
		inst, ok := byAddr[c.addr]
		if !ok {
			t.Errorf("%s missing from %v", c.addr, insts)
			continue
		}
		if got := addrList(inst.DependsOn); got != c.dependsOn {
			t.Errorf("%s dependsOn = %s, want %s", c.addr, got, c.dependsOn)
		}
		if got := addrList(inst.Subscribes); got != c.subscribes {
			t.Errorf("%s subscribes = %s, want %s", c.addr, got, c.subscribes)
		}
	}
	if e := byAddr["keystore.ads_cacerts[a]"].Keystore.Entries; len(e) != 1 || e[0].Alias != "ece.example.com" {
		t.Errorf("self-signed truststore entries = %+v, want the web certificate under ece.fqdn", e)
	}
}

func addrList(as []resources.Addr) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}
