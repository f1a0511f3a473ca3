package test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// snapshot hashes every file below dir (names and contents), to prove that
// a refused command wrote nothing.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		m[p] = hex.EncodeToString(h[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func diffSnapshots(a, b map[string]string) []string {
	var d []string
	for k, v := range a {
		if b[k] != v {
			d = append(d, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, k+" (new)")
		}
	}
	sort.Strings(d)
	return d
}

func TestSavedPlanAppliesExactly(t *testing.T) {
	r := newRunner(t, "ECE_KS_PASS="+secretValue)
	_, spec := labWithEnvSecret(t, r)
	planFile := filepath.Join(t.TempDir(), "ticket.plan")
	res := r.expect(0, "plan", "-f", spec, "--out", planFile, "--allow-irreversible")
	if !strings.Contains(res.stdout, "sha256") {
		t.Errorf("plan --out should print the plan file's SHA-256 for the ticket:\n%s", res)
	}
	r.expect(0, "apply", planFile)
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
}

func TestStalePlanIsRefused(t *testing.T) {
	kt := keytool(t)
	r := newRunner(t, "ECE_KS_PASS="+secretValue)
	dir, spec := labWithEnvSecret(t, r)
	planFile := filepath.Join(t.TempDir(), "ticket.plan")
	r.expect(0, "plan", "-f", spec, "--out", planFile, "--allow-irreversible")

	// Reality moves after the review: someone imports a certificate by hand.
	cert := filepath.Join(dir, "certs", "ad-dc.crt")
	if out, err := exec.Command(kt, "-importcert", "-noprompt", "-alias", "by-hand", "-file", cert,
		"-keystore", local(dir, "ads-a", cacertsPath), "-storepass", "changeit").CombinedOutput(); err != nil {
		t.Fatalf("keytool -importcert: %v\n%s", err, out)
	}
	before := snapshot(t, dir)
	res := r.expect(1, "apply", planFile)
	if !strings.Contains(res.stderr, "stale") || !strings.Contains(res.stderr, "keystore.ads_cacerts[ads-a]") {
		t.Errorf("apply of a stale plan should say so and name the resource:\n%s", res)
	}
	if strings.Contains(res.stderr, "keystore.ads_cacerts[ads-b]") {
		t.Errorf("only ads-a moved:\n%s", res)
	}
	if d := diffSnapshots(before, snapshot(t, dir)); len(d) > 0 {
		t.Errorf("a refused apply wrote files: %v", d)
	}
}

func TestSavedPlanRefusesChangedSpecAndOtherVersion(t *testing.T) {
	r := newRunner(t, "ECE_KS_PASS="+secretValue)
	dir, spec := labWithEnvSecret(t, r)
	planFile := filepath.Join(t.TempDir(), "ticket.plan")
	r.expect(0, "plan", "-f", spec, "--out", planFile, "--allow-irreversible")
	before := snapshot(t, dir)

	// Another tool version wrote the plan.
	b, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.plan")
	edited := strings.Replace(string(b), `"tool_version": "`, `"tool_version": "v0.0.1-other-`, 1)
	if edited == string(b) {
		t.Fatalf("plan file has no tool_version field:\n%s", b)
	}
	if err := os.WriteFile(other, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	res := r.expect(1, "apply", other)
	if !strings.Contains(res.stderr, "v0.0.1-other-") {
		t.Errorf("refusal should name the other version:\n%s", res)
	}

	// The spec changed after the plan was made.
	sb, _ := os.ReadFile(spec)
	if err := os.WriteFile(spec, append(sb, []byte("\n# edited after review\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	before = snapshot(t, dir)
	res = r.expect(1, "apply", planFile)
	if !strings.Contains(res.stderr, "spec") {
		t.Errorf("refusal should say the spec changed:\n%s", res)
	}
	if d := diffSnapshots(before, snapshot(t, dir)); len(d) > 0 {
		t.Errorf("a refused apply wrote files: %v", d)
	}
}

func TestApplyWithoutTerminalNeedsApproval(t *testing.T) {
	r := newRunner(t, "ECE_KS_PASS="+secretValue)
	dir, spec := labWithEnvSecret(t, r)
	before := snapshot(t, dir)
	res := r.expect(1, "apply", "-f", spec)
	if !strings.Contains(res.stderr, "--auto-approve") {
		t.Errorf("should explain how to approve:\n%s", res)
	}
	if d := diffSnapshots(before, snapshot(t, dir)); len(d) > 0 {
		t.Errorf("an unapproved apply wrote files: %v", d)
	}
}

func TestInvalidSpecNamesFileLineAndField(t *testing.T) {
	r := newRunner(t)
	dir := t.TempDir()
	spec := filepath.Join(dir, "bad.yaml")
	os.WriteFile(spec, []byte("apiVersion: ecereconcile/v1\nkind: Environment\nmetadata:\n  name: bad\nhosts:\n  - name: web\n    roles: [ece-web]\n    conection: {type: lab, root: x}\n"), 0o644)
	before := snapshot(t, dir)
	res := r.expect(1, "validate", "-f", spec)
	if !strings.Contains(res.stderr, spec+":8:5: hosts[0].conection") {
		t.Errorf("want FILE:LINE:COL: field.path error:\n%s", res)
	}
	r.expect(1, "plan", "-f", spec)
	if d := diffSnapshots(before, snapshot(t, dir)); len(d) > 0 {
		t.Errorf("an invalid spec wrote files: %v", d)
	}
}

func TestGraph(t *testing.T) {
	r := newRunner(t, "ECE_KS_PASS="+secretValue)
	_, spec := labWithEnvSecret(t, r)
	res := r.expect(0, "graph", "-f", spec)
	if !strings.HasPrefix(res.stdout, "digraph") || !strings.Contains(res.stdout, "service.ads_tomcat[ads-a]") {
		t.Errorf("graph should print DOT with every resource:\n%s", res)
	}
}
