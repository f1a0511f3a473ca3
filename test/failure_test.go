package test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tomcatRestarts(t *testing.T, dir, hostName string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "hosts", hostName, ".lab", "services", "Apache_Tomcat.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct{ Restarts int }
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st.Restarts
}

func appendSpec(t *testing.T, spec, text string) {
	t.Helper()
	f, err := os.OpenFile(spec, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// A wrong truststore password fails that keystore and skips its Tomcat
// restart; the other servers are still converged and the keystore is not
// rewritten.
func TestWrongPasswordFailsOnlyThatServer(t *testing.T) {
	r := newRunner(t, "ECE_KS_PASS="+secretValue, "ADS_PASS=not-changeit")
	dir, spec := labWithEnvSecret(t, r)
	b, _ := os.ReadFile(spec)
	s := strings.Replace(string(b), "      type: jks\n    restartService", "      type: jks\n      password: {env: ADS_PASS}\n    restartService", 1)
	if s == string(b) {
		t.Fatal("could not set the truststore password reference")
	}
	os.WriteFile(spec, []byte(s), 0o644)
	before := snapshot(t, filepath.Join(dir, "hosts", "ads-a"))

	res := r.expect(1, "apply", "-f", spec, "--auto-approve")
	if !strings.Contains(res.stdout+res.stderr, "keystore.ads_cacerts[ads-a]") || !strings.Contains(strings.ToLower(res.stdout+res.stderr), "password") {
		t.Errorf("should name the keystore and the password problem:\n%s", res)
	}
	if !strings.Contains(res.stdout, "service.ads_tomcat[ads-a]: skipped: upstream failed") {
		t.Errorf("Tomcat restart should be skipped as upstream failed:\n%s", res)
	}
	if d := diffSnapshots(before, snapshot(t, filepath.Join(dir, "hosts", "ads-a"))); len(d) > 0 {
		t.Errorf("wrong password: files on ads-a changed: %v", d)
	}
	// The web and app servers were converged all the same.
	res = r.expect(1, "plan", "-f", spec)
	if strings.Contains(res.stdout, "spog_config.spog_config[") || strings.Contains(res.stdout, "keystore.ece_ad_keystore[") {
		t.Errorf("unrelated resources should have been applied:\n%s", res)
	}
	if strings.Contains(res.stdout, "not-changeit") || strings.Contains(res.stderr, "not-changeit") {
		t.Errorf("password leaked:\n%s", res)
	}
}

// A Tomcat restart that could not run because another of its dependencies
// failed is remembered and done by the next apply.
func TestPendingRestartSurvivesFailure(t *testing.T) {
	r := newRunner(t, "ECE_KS_PASS="+secretValue, "EXTRA_PASS="+secretValue)
	dir, spec := labWithEnvSecret(t, r)
	appendSpec(t, spec, `resources:
  - keystore:
      name: extra
      hosts: [ads-a]
      path: 'C:\icm\ssl\extra.jks'
      password: {env: EXTRA_PASS}
      create: true
      entries:
        - {alias: dc, certificate: certs/ad-dc.crt}
  - service:
      name: tomcat_after_extra
      hosts: [ads-a]
      service: Apache Tomcat
      restartOn: [keystore.ads_cacerts]
      dependsOn: [keystore.extra]
`)
	extra := local(dir, "ads-a", `C:\icm\ssl\extra.jks`)
	os.MkdirAll(filepath.Dir(extra), 0o755)
	os.WriteFile(extra, []byte("not a keystore"), 0o644)

	res := r.expect(1, "apply", "-f", spec, "--auto-approve")
	if !strings.Contains(res.stdout, "service.tomcat_after_extra[ads-a]: skipped: upstream failed") {
		t.Fatalf("restart should be skipped while keystore.extra fails:\n%s", res)
	}
	restarts := tomcatRestarts(t, dir, "ads-a")

	// The corrupt file is removed; the next plan still shows the restart.
	os.Remove(extra)
	res = r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	if !strings.Contains(res.stdout, "PendingRestart") || !strings.Contains(res.stdout, "service.tomcat_after_extra[ads-a]") {
		t.Fatalf("the pending restart should be planned:\n%s", res)
	}
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	if got := tomcatRestarts(t, dir, "ads-a"); got != restarts+1 {
		t.Errorf("want the pending restart done once: restarts %d -> %d", restarts, got)
	}
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
}
