package test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pcceMachines counts the simulated PCCE's machines of a type and host.
func pcceMachines(t *testing.T, dir, typ, host string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ".lab", "pcce", "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Machines []struct {
			Type     string `json:"type"`
			HostName string `json:"hostName"`
		} `json:"machines"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range st.Machines {
		if m.Type == typ && strings.EqualFold(m.HostName, host) {
			n++
		}
	}
	return n
}

// changedResources lists the resources a text plan would change.
func changedResources(plan string) []string {
	var out []string
	for _, line := range strings.Split(plan, "\n") {
		for _, mark := range []string{"  + ", "  ~ ", "  - "} {
			if rest, ok := strings.CutPrefix(line, mark); ok && strings.Contains(rest, "[") {
				addr, _, _ := strings.Cut(rest, " ")
				out = append(out, addr)
			}
		}
	}
	return out
}

// TestPCCEInventory is issue 4 end to end on the lab's PCCE simulator: the
// inventory entries are created once, a second plan is empty, a changed PA
// password plans exactly one update, and no secret reaches any output.
func TestPCCEInventory(t *testing.T) {
	r := newRunner(t)
	dir, spec := serveLab(t, r)
	res := r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	for _, want := range []string{"+ inventory_machine.ece_web[PCCE]", "+ inventory_machine.ece_data[PCCE]", "MachineMissing"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("plan does not show %q\n%s", want, res)
		}
	}
	planFile := filepath.Join(t.TempDir(), "change.plan")
	logFile := filepath.Join(t.TempDir(), "run.log")
	r.expect(0, "plan", "-f", spec, "--out", planFile, "--allow-irreversible", "--log", logFile)
	r.expect(0, "apply", planFile, "--log", logFile)
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	if n := pcceMachines(t, dir, "ECE_WEB_SERVER", "ece.lab.example.com"); n != 1 {
		t.Errorf("%d ECE_WEB_SERVER entries for ece.lab.example.com, want 1", n)
	}
	if n := pcceMachines(t, dir, "ECE", "ece-data.lab.example.com"); n != 1 {
		t.Errorf("%d ECE entries for ece-data.lab.example.com, want 1", n)
	}

	// A new PA password in the environment: exactly one update (and the
	// inventory status check that follows it).
	paFile := filepath.Join(dir, "secrets", "ece-pa.pass")
	oldPA, err := os.ReadFile(paFile)
	if err != nil {
		t.Fatal(err)
	}
	const newPA = "Fresh-PA-Password-8842"
	if err := os.WriteFile(paFile, []byte(newPA+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res = r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	changed := changedResources(res.stdout)
	want := []string{"inventory_machine.ece_web[PCCE]", "check.inventory_status[PCCE]"}
	if strings.Join(changed, " ") != strings.Join(want, " ") || !strings.Contains(res.stdout, "PasswordChanged") {
		t.Errorf("a new PA password plans %v, want %v with PasswordChanged\n%s", changed, want, res)
	}
	// The simulated PCCE accepts only the lab's PA password: the new one
	// raises an inventory alert, as a wrong password does on a real AW.
	res = r.expect(1, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	if !strings.Contains(res.stdout+res.stderr, "check.inventory_status[PCCE]") {
		t.Errorf("the inventory alert is not reported\n%s", res)
	}
	if err := os.WriteFile(paFile, oldPA, 0o600); err != nil {
		t.Fatal(err)
	}
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")

	secrets := []string{newPA, strings.TrimSpace(string(oldPA)), readSecret(t, dir, "secrets/pcce-admin.pass")}
	files := []string{}
	_ = filepath.WalkDir(filepath.Join(dir, ".ecereconcile"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	files = append(files, filepath.Join(dir, ".lab", "pcce", "state.json"), planFile, logFile)
	for _, s := range secrets {
		for _, run := range r.runs {
			if strings.Contains(run.stdout+run.stderr, s) || strings.Contains(run.stdout+run.stderr, "Basic ") {
				t.Fatalf("a password or an Authorization header leaked:\n%s", run)
			}
		}
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), s) {
				t.Errorf("%s holds a password", f)
			}
		}
	}
}

// TestPCCEConcurrentApplies runs two applies at once. On one environment
// the lock lets exactly one proceed; the other fails naming it. Two
// operators with their own state folders (two copies of the spec) are not
// kept apart by the lock: both plan against the same fresh PCCE, then apply
// at once, and PCCE still never gets a duplicate entry; a third apply
// converges.
func TestPCCEConcurrentApplies(t *testing.T) {
	bin := buildCrashBinary(t)
	r := newRunner(t)

	t.Run("one environment", func(t *testing.T) {
		dir, spec := serveLab(t, r)
		// One resource at a time: nothing but the paused write moves
		// while the second apply runs.
		first := startPausedApply(t, bin, "apply", "-f", spec, "--auto-approve", "--allow-irreversible", "--parallelism", "1")
		before := snapshot(t, dir)
		res := r.expect(1, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
		want := fmt.Sprintf("another apply holds the lock: pid %d on ", first.cmd.Process.Pid)
		if !strings.Contains(res.stderr, want) || !strings.Contains(res.stderr, labLock(dir)) {
			t.Errorf("the second apply does not name the first one's lock (%q)\n%s", want, res)
		}
		if d := diffSnapshots(before, snapshot(t, dir)); len(d) > 0 {
			t.Errorf("the locked-out apply wrote %v", d)
		}
		if code := first.finish(t); code != 0 {
			t.Fatalf("the first apply: exit %d\n%s", code, first.out)
		}
		r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
	})

	t.Run("two operators, one PCCE", func(t *testing.T) {
		dir, spec := serveLab(t, r)
		b, err := os.ReadFile(spec)
		if err != nil {
			t.Fatal(err)
		}
		other := strings.Replace(string(b), "\n  name: lab\n", "\n  name: lab\n  stateDir: .ecereconcile/operator-2\n", 1)
		if other == string(b) {
			t.Fatal("the lab spec has no metadata name to add a state folder after")
		}
		spec2 := filepath.Join(dir, "spec-operator-2.yaml")
		if err := os.WriteFile(spec2, []byte(other), 0o644); err != nil {
			t.Fatal(err)
		}
		// Both plan, and stop at their first file write; then both go on
		// at once.
		a := startPausedApply(t, bin, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
		c := startPausedApply(t, bin, "apply", "-f", spec2, "--auto-approve", "--allow-irreversible")
		a.release(t)
		c.release(t)
		t.Logf("the two operators' applies: exit %d and %d", a.wait(t), c.wait(t))

		r.run("apply", "-f", spec, "--auto-approve", "--allow-irreversible")
		r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
		r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
		if n := pcceMachines(t, dir, "ECE_WEB_SERVER", "ece.lab.example.com"); n != 1 {
			t.Errorf("%d ECE_WEB_SERVER entries after concurrent applies, want 1\n%s\n%s", n, a.out, c.out)
		}
		if n := pcceMachines(t, dir, "ECE", "ece-data.lab.example.com"); n != 1 {
			t.Errorf("%d ECE entries after concurrent applies, want 1\n%s\n%s", n, a.out, c.out)
		}
	})
}

// TestPCCEChecks: a PCCE without the ECE_Chat MRD fails the plan naming it.
func TestPCCEChecks(t *testing.T) {
	r := newRunner(t)
	dir := filepath.Join(t.TempDir(), "lab")
	stop := serveLabAt(t, r, dir)
	stop()
	statePath := filepath.Join(dir, ".lab", "pcce", "state.json")
	b, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	var kept []any
	for _, m := range st["mrds"].([]any) {
		if m.(map[string]any)["name"] != "ECE_Chat" {
			kept = append(kept, m)
		}
	}
	st["mrds"] = kept
	b, _ = json.Marshal(st)
	if err := os.WriteFile(statePath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(serveLabAt(t, r, dir))
	res := r.expect(1, "plan", "-f", filepath.Join(dir, "spec.yaml"))
	if !strings.Contains(res.stdout+res.stderr, "check.mrds[PCCE]") || !strings.Contains(res.stdout+res.stderr, "ECE_Chat") {
		t.Errorf("a missing ECE_Chat MRD is not named\n%s", res)
	}
	res = r.expect(2, "drift", "-f", filepath.Join(dir, "spec.yaml"))
	if !strings.Contains(res.stdout, "ECE_Chat") {
		t.Errorf("drift does not name the missing MRD\n%s", res)
	}
}
