package test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/testkit"
)

// TestNoSecretAnywhere runs every command and output format on a lab whose
// secrets are distinctive (the lab's generated passwords, and one more from
// the environment), then searches every output, plan file, log line,
// report file, backup and file name for each of them: zero hits.
func TestNoSecretAnywhere(t *testing.T) {
	r := newRunner(t, "ECE_KS_PASS="+secretValue)
	dir, spec := labWithEnvSecret(t, r)
	secrets := []string{secretValue}
	files, err := filepath.Glob(filepath.Join(dir, "secrets", "*.pass"))
	if err != nil || len(files) < 5 {
		t.Fatalf("want the lab's 5 secret files, got %v (%v)", files, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.TrimSpace(string(b))
		if len(s) < 16 {
			t.Fatalf("%s: a secret too short to search for (%d bytes)", f, len(s))
		}
		secrets = append(secrets, s)
	}
	out := t.TempDir()
	logFile := filepath.Join(out, "run.log")
	planFile := filepath.Join(out, "change.plan")

	r.expect(0, "validate", "-f", spec)
	r.expect(0, "graph", "-f", spec)
	r.expect(2, "plan", "-f", spec, "--detailed-exitcode", "--log", logFile)
	r.expect(2, "plan", "-f", spec, "--format", "json", "--detailed-exitcode")
	r.expect(2, "plan", "-f", spec, "--format", "markdown", "--out", planFile, "--allow-irreversible", "--detailed-exitcode")
	r.expect(1, "verify", "-f", spec)
	r.expect(1, "verify", "-f", spec, "--format", "json")
	r.expect(2, "drift", "-f", spec, "--format", "prometheus", "--out", filepath.Join(out, "before.prom"))
	// Apply by the crashtest binary (it refuses plan files of another
	// build), held after its first file step: the lock file exists then,
	// and is searched too.
	t.Setenv("ECE_KS_PASS", secretValue)
	p := startPausedApply(t, buildCrashBinary(t), "apply", "-f", spec, "--auto-approve", "--allow-irreversible", "--log", logFile)
	var locks []string
	if err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "apply.lock" {
			locks = append(locks, path)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(locks) != 1 {
		t.Fatalf("want the apply lock while apply runs, found %v", locks)
	}
	lockBytes, err := os.ReadFile(locks[0])
	if err != nil {
		t.Fatal(err)
	}
	if code := p.finish(t); code != 0 {
		t.Fatalf("apply exited %d:\n%s", code, p.out)
	}
	r.runs = append(r.runs, result{args: []string{"apply", "-f", spec, "(paused once; with its lock file)"}, stdout: p.out.String() + string(lockBytes)})
	r.expect(0, "verify", "-f", spec, "--format", "json")
	// A changed partition administrator password is planned as a change
	// of a write-only value: still never shown.
	pa := filepath.Join(dir, "secrets", "ece-pa.pass")
	old, err := os.ReadFile(pa)
	if err != nil {
		t.Fatal(err)
	}
	newPA := "Walrus-Kettle-9904-secret"
	secrets = append(secrets, newPA)
	if err := os.WriteFile(pa, []byte(newPA), 0o600); err != nil {
		t.Fatal(err)
	}
	r.expect(2, "plan", "-f", spec, "--detailed-exitcode", "--format", "markdown")
	r.expect(2, "drift", "-f", spec, "--format", "json")
	r.expect(2, "drift", "-f", spec, "--format", "prometheus", "--out", filepath.Join(out, "drift.prom"))
	if err := os.WriteFile(pa, old, 0o600); err != nil {
		t.Fatal(err)
	}
	r.expect(0, "drift", "-f", spec, "--log", logFile)
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--format", "json")

	for _, s := range secrets {
		for _, res := range r.runs {
			if strings.Contains(res.stdout+res.stderr, s) {
				t.Errorf("a secret appears in the output of ecereconcile %s", strings.Join(res.args, " "))
			}
		}
		testkit.NoSecretInTree(t, out, s)
		// The lab: state folder, backups, the simulators' state; not the
		// secret files themselves.
		testkit.NoSecretInTree(t, dir, s, filepath.Join(dir, "secrets"))
	}
	if len(r.runs) < 15 {
		t.Fatalf("only %d runs were searched", len(r.runs))
	}
	t.Logf("searched %d runs, %d secrets, the lab folder and every output file: no secret found", len(r.runs), len(secrets))
}
