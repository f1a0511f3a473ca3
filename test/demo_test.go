package test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// demoSteps splits the demo's output into its "== N. title" sections.
func demoSteps(t *testing.T, out string) map[string]string {
	t.Helper()
	steps := map[string]string{}
	for _, sec := range strings.Split(out, "\n== ")[1:] {
		n, _, _ := strings.Cut(sec, ".")
		steps[n] = sec
	}
	if !strings.HasPrefix(out, "== 1.") {
		t.Fatalf("the demo does not start with step 1:\n%s", out)
	}
	return steps
}

var exitLine = regexp.MustCompile(`\(exit code (\d)\)`)

// TestDemo runs the README's first command and checks its story: each
// step's command line, exit code and the resources it names; and that it
// leaves nothing behind.
func TestDemo(t *testing.T) {
	tmp := t.TempDir()
	r := newRunner(t, "TMPDIR="+tmp)
	res := r.expect(0, "demo")
	steps := demoSteps(t, res.stdout)
	story := []struct {
		step     string
		command  string
		exit     string
		mentions []string
	}{
		{"2", "$ ecereconcile validate -f", "0", []string{"valid"}},
		{"3", "$ ecereconcile plan -f", "2", []string{
			"certificate.ece_web[ece-web-a]", "iis_binding.ece_https[ece-web-b]", "keystore.ece_ad_keystore[ece-app-a]",
			"keystore.ads_cacerts[ads-b]", "spog_config.spog_config[ece-web-a]", "inventory_machine.ece_web[PCCE]",
			"ece_partition_sso.partition_admin[ECE]", "ece_ucce_integration.ucce[ECE]", "‼ irreversible", "sha256 ",
		}},
		{"4", "$ ecereconcile apply ", "0", []string{"Apply complete"}},
		{"5", "$ ecereconcile plan -f", "0", []string{"No changes"}},
		{"6", "$ ecereconcile verify -f", "0", []string{"pkix", "ads-a", "cisco_service", "ldap", "0 failed"}},
		{"7", "$ keytool -delete -alias ece.lab.example.com", "", []string{"Require Server Name Indication"}},
		{"8", "$ ecereconcile drift -f", "2", []string{"keystore.ads_cacerts[ads-a]", "iis_binding.ece_https[ece-web-a]", "SNIEnabled", "EntryMissing"}},
		{"9", "$ ecereconcile verify -f", "1", []string{"PKIXPathBuildingFailed", "ece-web-b → ads-a", "PKIX path building failed", "SNIRequired"}},
		{"10", "$ ecereconcile apply -f", "0", []string{"Apply complete"}},
		{"11", "$ ecereconcile drift -f", "0", nil},
	}
	for _, s := range story {
		sec, ok := steps[s.step]
		if !ok {
			t.Errorf("the demo has no step %s\n%s", s.step, res)
			continue
		}
		if !strings.Contains(sec, s.command) {
			t.Errorf("step %s does not print its command line %q:\n%s", s.step, s.command, sec)
		}
		if s.exit != "" {
			m := exitLine.FindStringSubmatch(sec)
			if m == nil || m[1] != s.exit {
				t.Errorf("step %s: exit code %v, want %s:\n%s", s.step, m, s.exit, sec)
			}
		}
		for _, want := range s.mentions {
			if !strings.Contains(sec, want) {
				t.Errorf("step %s does not name %q:\n%s", s.step, want, sec)
			}
		}
	}
	if strings.Contains(res.stdout, "-storepass changeit") {
		t.Errorf("the demo prints a keystore password on a command line")
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the demo left %d files in its temporary folder, e.g. %s", len(left), left[0].Name())
	}
}

// TestDemoKeepsDir: with --dir the lab stays, converged, for the user to
// try the commands the demo printed.
func TestDemoKeepsDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lab")
	r := newRunner(t)
	res := r.expect(0, "demo", "--dir", dir)
	if !strings.Contains(res.stdout, "The lab is kept in "+dir) {
		t.Errorf("the demo does not say where the lab is:\n%s", res)
	}
	if _, err := os.Stat(filepath.Join(dir, "spec.yaml")); err != nil {
		t.Errorf("the lab was not kept: %v", err)
	}
}
