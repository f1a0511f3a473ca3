package test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// eceBlocks are the ECE-wide settings (issue 5) appended to a lab spec, on
// the lab's simulated ECE admin store.
const eceBlocks = `  eceAdmin: {backend: lab, root: .}
  traceLevels:
    - {process: EAAS-process, level: 4}
    - {process: EAMS-process, level: 4}
    - {process: dx-process, level: 4}
    - {process: rx-process, level: 7, maxDuration: 2h}
  ucceIntegration:
    awdb: {server: aw1.lab.example.com, database: pcce_awdb, user: ece, password: {env: AWDB_PASS}}
    applicationInstance: MultiChannel
    agentPGs: [PG1A, PG2A]
`

// labWithECE makes a lab whose spec also manages the ECE-wide settings.
func labWithECE(t *testing.T, r *runner) (dir, spec string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "lab")
	r.expect(0, "lab", "init", "--dir", dir)
	spec = filepath.Join(dir, "spec.yaml")
	appendSpec(t, spec, eceBlocks)
	return dir, spec
}

// TestECESettings is issue 5 end to end on the lab backend: trace levels
// converge; the UCCE integration is marked irreversible, refused without
// --allow-irreversible, applied with it, and a later change is drift that
// cannot be converged.
func TestECESettings(t *testing.T) {
	r := newRunner(t, "AWDB_PASS="+secretValue)
	dir, spec := labWithECE(t, r)

	res := r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	for _, want := range []string{
		"ece_trace_level.eaas_process[ECE]", "ece_trace_level.rx_process[ECE]",
		"ece_ucce_integration.ucce[ECE]", "‼ irreversible", "1 irreversible",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("plan does not show %q\n%s", want, res)
		}
	}

	// Without consent: everything else is applied, the integration is not.
	res = r.expect(1, "apply", "-f", spec, "--auto-approve")
	if !strings.Contains(res.stdout+res.stderr, "ece_ucce_integration.ucce[ECE]") ||
		!strings.Contains(res.stdout+res.stderr, "--allow-irreversible") {
		t.Errorf("apply without --allow-irreversible does not say why the integration was refused\n%s", res)
	}
	res = r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	if strings.Contains(res.stdout, "ece_trace_level.") || !strings.Contains(res.stdout, "ece_ucce_integration.ucce[ECE]") {
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

	// The integration is permanent: a changed value is drift that apply
	// will not "fix".
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(b), "agentPGs: [PG1A, PG2A]", "agentPGs: [PG1A, PG2A, PG3A]", 1)
	if err := os.WriteFile(spec, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	res = r.expect(2, "drift", "-f", spec)
	if !strings.Contains(res.stdout, "apply must not change it") || !strings.Contains(res.stdout, "reinstall") {
		t.Errorf("a changed integration is not reported as non-convergeable drift\n%s", res)
	}
	res = r.expect(1, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	if !strings.Contains(res.stdout+res.stderr, "reinstall") {
		t.Errorf("apply does not name the remedy\n%s", res)
	}
	for _, run := range r.runs {
		if strings.Contains(run.stdout+run.stderr, secretValue) {
			t.Fatalf("the AWDB password leaked:\n%s", run)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, ".lab", "ece", "admin.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secretValue) {
		t.Error("the lab ECE store holds the AWDB password in clear")
	}
}
