package test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func readSecret(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// TestECESettings is issue 5 end to end on the lab: the partition SSO is
// verified for real against the lab's Active Directory with the keystore of
// step 2.1; trace levels converge; the UCCE integration is marked
// irreversible, refused without --allow-irreversible, applied with it, and a
// later change is drift that apply must not fix.
func TestECESettings(t *testing.T) {
	kt := keytool(t)
	r := newRunner(t)
	dir, spec := serveLab(t, r)
	secrets := []string{readSecret(t, dir, "secrets/awdb.pass"), readSecret(t, dir, "secrets/ldap-search.pass")}

	res := r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	for _, want := range []string{
		"ece_partition_sso.partition_admin[ECE]", "ece_trace_level.eaas_process[ECE]", "ece_trace_level.rx_process[ECE]",
		"ece_ucce_integration.ucce[ECE]", "‼ irreversible", "1 irreversible",
		"VerificationFailed", // the ECE keystore does not exist yet
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("plan does not show %q\n%s", want, res)
		}
	}

	// Without consent: everything else is applied, the integration is not.
	res = r.expect(1, "apply", "-f", spec, "--auto-approve")
	if !strings.Contains(res.stdout+res.stderr, "ece_ucce_integration.ucce[ECE]") ||
		!strings.Contains(res.stderr, "--allow-irreversible") {
		t.Errorf("apply without --allow-irreversible does not say why the integration was refused\n%s", res)
	}
	res = r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	if strings.Contains(res.stdout, "ece_trace_level.") || strings.Contains(res.stdout, "ece_partition_sso.") ||
		!strings.Contains(res.stdout, "ece_ucce_integration.ucce[ECE]") {
		t.Errorf("after the refused apply only the integration should be left\n%s", res)
	}

	// A plan saved without the flag cannot be applied with it later.
	planFile := filepath.Join(t.TempDir(), "change.plan")
	r.expect(0, "plan", "-f", spec, "--out", planFile)
	res = r.expect(1, "apply", planFile, "--allow-irreversible")
	if !strings.Contains(res.stdout+res.stderr, "irreversible") {
		t.Errorf("a plan saved without --allow-irreversible was not refused\n%s", res)
	}
	r.expect(0, "plan", "-f", spec, "--allow-irreversible", "--out", planFile)
	r.expect(0, "apply", planFile)
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
	r.expect(0, "drift", "-f", spec)

	// The AD certificate removed from one app server's keystore by hand:
	// the verification (TLS with exactly that keystore) fails as ECE would.
	out, err := exec.Command(kt, "-delete", "-alias", "mydomaincontroller", "-keystore", local(dir, "ece-app-a", eceKSPath),
		"-storepass", readSecret(t, dir, "secrets/ece-keystore.pass")).CombinedOutput()
	if err != nil {
		t.Fatalf("keytool -delete: %v\n%s", err, out)
	}
	res = r.expect(2, "drift", "-f", spec)
	for _, want := range []string{"keystore.ece_ad_keystore[ece-app-a]", "ece_partition_sso.partition_admin[ECE]", "TLSUnknownAuthority"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("drift after removing the AD certificate does not show %q\n%s", want, res)
		}
	}
	r.expect(0, "apply", "-f", spec, "--auto-approve")
	r.expect(0, "drift", "-f", spec)

	// The integration is permanent: a changed value is drift that apply
	// must not "fix".
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(b), "agentPGs: [PG1A, PG1B]", "agentPGs: [PG1A, PG1B, PG2A]", 1)
	if changed == string(b) {
		t.Fatal("the lab spec has no agentPGs line to change")
	}
	if err := os.WriteFile(spec, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	res = r.expect(2, "drift", "-f", spec)
	if !strings.Contains(res.stdout, "apply must not change it") || !strings.Contains(res.stdout, "reinstall") {
		t.Errorf("a changed integration is not reported as drift needing a person\n%s", res)
	}
	res = r.expect(1, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	if !strings.Contains(res.stdout+res.stderr, "reinstall") {
		t.Errorf("apply does not name the remedy\n%s", res)
	}

	store, err := os.ReadFile(filepath.Join(dir, ".lab", "ece", "admin.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		for _, run := range r.runs {
			if strings.Contains(run.stdout+run.stderr, s) {
				t.Fatalf("a password leaked:\n%s", run)
			}
		}
		if strings.Contains(string(store), s) {
			t.Error("the lab ECE store holds a password in clear")
		}
	}
}

// TestECEManualBackend: with the manual backend, apply shows each ECE
// change as an operator task; without a terminal it needs --confirm-manual;
// the attestation is recorded without secrets, and drift never claims an
// unreadable setting is in sync.
func TestECEManualBackend(t *testing.T) {
	r := newRunner(t, "USER=operator-7")
	dir, spec := serveLab(t, r)
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "  eceAdmin:\n    backend: lab\n    root: .\n", "  eceAdmin:\n    backend: manual\n", 1)
	if s == string(b) {
		t.Fatal("the lab spec has no lab eceAdmin block to replace")
	}
	if err := os.WriteFile(spec, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	res := r.expect(1, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	if !strings.Contains(res.stdout+res.stderr, "--confirm-manual") {
		t.Errorf("apply without a terminal does not say how to confirm the operator tasks\n%s", res)
	}
	res = r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible", "--confirm-manual")
	for _, want := range []string{"Operator task", "Partition Administrator Configuration", "Confirmed by operator-7 (--confirm-manual)"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("apply output lacks %q\n%s", want, res)
		}
	}
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
	res = r.expect(0, "drift", "-f", spec)
	if strings.Contains(res.stdout, "In sync") || !strings.Contains(res.stdout, "? ece_partition_sso.partition_admin[ECE]: ECE cannot be read (manual backend): unknown since the attestation by operator-7") ||
		!strings.Contains(res.stdout, "verification: ok") {
		t.Errorf("drift on the manual backend must say what is unknown since when, with the verification\n%s", res)
	}
	att, err := os.ReadFile(filepath.Join(dir, ".ecereconcile", "lab", "attestations.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(att), "operator-7") {
		t.Errorf("the attestation does not record who confirmed:\n%s", att)
	}
	for _, secret := range []string{readSecret(t, dir, "secrets/awdb.pass"), readSecret(t, dir, "secrets/ldap-search.pass")} {
		if strings.Contains(string(att), secret) {
			t.Error("the attestation holds a password")
		}
		for _, run := range r.runs {
			if strings.Contains(run.stdout+run.stderr, secret) {
				t.Fatalf("a password leaked:\n%s", run)
			}
		}
	}
}
