package test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	cacertsPath = `C:\Program Files (x86)\OpenJDK\jre-8.0.272.10-hotspot\lib\security\cacerts`
	eceKSPath   = `C:\ece\pcce\mydomain.jks`
	spogPath    = `C:\Cisco\ECE\eService\templates\finesse\gadget\spog\spog_config.js`
	// distinctive, so a leak anywhere is found by a plain search
	secretValue = "Zebra-Quartz-7731-secret"
)

// local maps a lab host's Windows path below the lab folder.
func local(dir, hostName, winPath string) string {
	p := strings.ReplaceAll(winPath, `\`, "/")
	p = strings.Replace(p, "C:", "C", 1)
	return filepath.Join(dir, "hosts", hostName, filepath.FromSlash(p))
}

// labWithEnvSecret creates a lab whose ECE keystore password comes from
// the environment variable ECE_KS_PASS.
func labWithEnvSecret(t *testing.T, r *runner) (dir, spec string) {
	t.Helper()
	dir, spec = serveLab(t, r)
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "password: {file: secrets/ece-keystore.pass}", "password: {env: ECE_KS_PASS}", 1)
	if s == string(b) {
		t.Fatal("lab spec has no file secret to replace")
	}
	if err := os.WriteFile(spec, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, spec
}

func TestLifecycle(t *testing.T) {
	kt := keytool(t)
	r := newRunner(t, "ECE_KS_PASS="+secretValue)
	dir, spec := labWithEnvSecret(t, r)
	logFile := filepath.Join(t.TempDir(), "run.log")

	spogBefore := map[string][]byte{}
	for _, h := range []string{"ece-web-a", "ece-web-b"} {
		b, err := os.ReadFile(local(dir, h, spogPath))
		if err != nil {
			t.Fatal(err)
		}
		spogBefore[h] = b
	}

	r.expect(0, "validate", "-f", spec)
	res := r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	for _, want := range []string{
		"keystore.ece_ad_keystore[ece-app-a]", "keystore.ece_ad_keystore[ece-app-b]",
		"keystore.ads_cacerts[ads-a]", "keystore.ads_cacerts[ads-b]",
		"spog_config.spog_config[ece-web-a]", "spog_config.spog_config[ece-web-b]",
		"service.ads_tomcat[ads-a]", "service.ads_tomcat[ads-b]",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("plan does not name %s\n%s", want, res)
		}
	}
	planFile := filepath.Join(t.TempDir(), "change.plan")
	r.expect(0, "plan", "-f", spec, "--out", planFile, "--allow-irreversible", "--format", "json")
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible", "--log", logFile)
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
	r.expect(0, "drift", "-f", spec)

	// keytool reads every keystore we wrote and shows the new entry.
	for _, k := range []struct{ host, path, pass, alias string }{
		{"ece-app-a", eceKSPath, secretValue, "mydomaincontroller"},
		{"ece-app-b", eceKSPath, secretValue, "mydomaincontroller"},
		{"ads-a", cacertsPath, "changeit", "ece.lab.example.com"},
		{"ads-b", cacertsPath, "changeit", "ece.lab.example.com"},
	} {
		out, err := exec.Command(kt, "-list", "-keystore", local(dir, k.host, k.path), "-storepass", k.pass).CombinedOutput()
		if err != nil {
			t.Fatalf("keytool -list %s on %s: %v\n%s", k.path, k.host, err, out)
		}
		if !strings.Contains(string(out), k.alias+",") {
			t.Errorf("keytool does not show alias %s in %s on %s:\n%s", k.alias, k.path, k.host, out)
		}
	}

	// spog_config.js differs only in the two values; CRLF intact.
	for h, before := range spogBefore {
		after, err := os.ReadFile(local(dir, h, spogPath))
		if err != nil {
			t.Fatal(err)
		}
		want := bytes.Replace(before, []byte(`web_server_protocol = "http";`), []byte(`web_server_protocol = "https";`), 1)
		want = bytes.Replace(want, []byte(`web_server_name = "`+h+`.lab.example.com";`), []byte(`web_server_name = "ece.lab.example.com";`), 1)
		if !bytes.Equal(after, want) {
			t.Errorf("%s: spog_config.js changed beyond the two values:\n--- got\n%q\n--- want\n%q", h, after, want)
		}
		if bytes.Count(after, []byte("\r\n")) != bytes.Count(before, []byte("\r\n")) {
			t.Errorf("%s: CRLF line endings not kept", h)
		}
		if m, _ := filepath.Glob(local(dir, h, spogPath) + ".ecereconcile-*.bak"); len(m) != 1 {
			t.Errorf("%s: want one backup of spog_config.js, got %v", h, m)
		}
	}

	// Tomcat restarted exactly once on each ADS, and the cacerts backed up.
	for _, h := range []string{"ads-a", "ads-b"} {
		b, err := os.ReadFile(filepath.Join(dir, "hosts", h, ".lab", "services", "Apache_Tomcat.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"restarts":1`) && !strings.Contains(string(b), `"restarts": 1`) {
			t.Errorf("%s: want one Tomcat restart, service file: %s", h, b)
		}
		if m, _ := filepath.Glob(local(dir, h, cacertsPath) + ".ecereconcile-*.bak"); len(m) != 1 {
			t.Errorf("%s: want one backup of cacerts, got %v", h, m)
		}
	}

	// Drift: an entry removed by hand with keytool.
	if out, err := exec.Command(kt, "-delete", "-alias", "ece.lab.example.com", "-keystore", local(dir, "ads-b", cacertsPath), "-storepass", "changeit").CombinedOutput(); err != nil {
		t.Fatalf("keytool -delete: %v\n%s", err, out)
	}
	res = r.expect(2, "drift", "-f", spec)
	if !strings.Contains(res.stdout, "keystore.ads_cacerts[ads-b]") || strings.Contains(res.stdout, "keystore.ads_cacerts[ads-a]") {
		t.Errorf("drift should name ads-b's cacerts only:\n%s", res)
	}
	res = r.expect(2, "drift", "-f", spec, "--format", "json")
	if !strings.Contains(res.stdout, `"status": "drift"`) || !strings.Contains(res.stdout, "keystore.ads_cacerts[ads-b]") {
		t.Errorf("JSON drift should report ads-b:\n%s", res)
	}
	// The Tomcat restart follows the keystore in the plan.
	res = r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	if !strings.Contains(res.stdout, "service.ads_tomcat[ads-b]") {
		t.Errorf("plan should restart Tomcat on ads-b:\n%s", res)
	}
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible", "--log", logFile)
	r.expect(0, "drift", "-f", spec)
	if a, b := tomcatRestarts(t, dir, "ads-a"), tomcatRestarts(t, dir, "ads-b"); a != 1 || b != 2 {
		t.Errorf("Tomcat restarts only where the truststore changed: ads-a %d (want 1), ads-b %d (want 2)", a, b)
	}

	assertNoSecret(t, r, secretValue, dir, planFile, logFile)
}

// assertNoSecret searches every output, file and file name for the secret.
func assertNoSecret(t *testing.T, r *runner, secret string, paths ...string) {
	t.Helper()
	for _, res := range r.runs {
		if strings.Contains(res.stdout, secret) || strings.Contains(res.stderr, secret) {
			t.Errorf("secret leaked in the output of %v", res.args)
		}
	}
	searched := 0
	for _, root := range paths {
		filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
			if err != nil {
				return nil
			}
			if strings.Contains(p, secret) {
				t.Errorf("secret leaked in a file name: %s", p)
			}
			if info.IsDir() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err == nil && bytes.Contains(b, []byte(secret)) {
				t.Errorf("secret leaked in %s", p)
			}
			searched++
			return nil
		})
	}
	if searched < 10 {
		t.Errorf("searched only %d files for the secret; the test is not looking where it should", searched)
	}
}
