package test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/javaks"
)

// crashEvery samples the kill points: 1 tries every step of a full apply.
// The default, 3, is prime to the 5 steps of a write, so the sample still
// lands on every kind of step; -short takes every 17th.
var crashEvery = flag.Int("crash-every", 3, "TestCrashSafety: kill apply at every Nth file step (1: all of them)")

// The files of the lab the crash test watches, as (host, Windows path).
var (
	crashTextFiles = []labFile{
		{"ece-web-a", spogPath}, {"ece-web-b", spogPath},
		{"ece-web-a", appHostPath}, {"ece-web-b", appHostPath},
	}
	crashCacerts  = []labFile{{"ads-a", cacertsPath}, {"ads-b", cacertsPath}}
	crashECEStore = []labFile{{"ece-app-a", eceKSPath}, {"ece-app-b", eceKSPath}}
)

type labFile struct{ host, path string }

func (f labFile) local(dir string) string { return local(dir, f.host, f.path) }
func (f labFile) String() string          { return f.host + ":" + f.path }

// buildCrashBinary builds ecereconcile with the crashtest tag: it kills
// itself after the Nth file step (ECERECONCILE_CRASH_AT), or pauses there
// (ECERECONCILE_PAUSE_AT, _FILE), and logs every step
// (ECERECONCILE_CRASH_LOG); see cmd/ecereconcile/crash_crashtest.go.
func buildCrashBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ecereconcile-crashtest")
	build := exec.Command("go", "build", "-tags", "crashtest", "-o", bin, "./cmd/ecereconcile")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the crashtest binary: %v\n%s", err, out)
	}
	return bin
}

// copyTree copies the folder src to dst (which must not exist), keeping
// file modes.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// crashRun is one run of the crashtest binary.
type crashRun struct {
	pid    int
	killed bool // by SIGKILL
	code   int
	out    string
}

func runCrashBinary(t *testing.T, bin string, env []string, args ...string) crashRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader("")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait() // reaps it: its pid is no longer running
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return crashRun{
		pid:    cmd.Process.Pid,
		killed: ws.Signaled() && ws.Signal() == syscall.SIGKILL,
		code:   cmd.ProcessState.ExitCode(),
		out:    out.String(),
	}
}

// crashSteps reads the step log: one "N step target" line per step.
func crashSteps(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var steps []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		steps = append(steps, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return steps
}

// readKeystore loads a keystore with pkg/javaks; a missing file is nil.
func readKeystore(t *testing.T, path, password string) *javaks.Store {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	s, err := javaks.Decode(b, []byte(password), javaks.JKS)
	if err != nil {
		t.Errorf("%s does not load with javaks: %v", path, err)
		return nil
	}
	return s
}

// keytoolLoads checks that keytool lists the keystore at path.
func keytoolLoads(t *testing.T, kt, path, password string) {
	t.Helper()
	out, err := exec.Command(kt, "-list", "-keystore", path, "-storepass", password, "-storetype", "JKS").CombinedOutput()
	if err != nil {
		t.Errorf("keytool -list %s: %v\n%s", path, err, out)
	}
}

// backupsOf returns the backups next to path ("<path>.ecereconcile-*.bak").
func backupsOf(t *testing.T, path string) []string {
	t.Helper()
	m, err := filepath.Glob(path + ".ecereconcile-*.bak")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tempFiles lists the temporary files atomicfile left below dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	var tmp []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), ".tmp-") {
			tmp = append(tmp, p)
		}
		return nil
	})
	return tmp
}

// crashReference is what a full apply of a fresh lab does.
type crashReference struct {
	steps     []string          // the step log of the apply
	original  map[string][]byte // labFile.String() -> bytes before
	converged map[string][]byte // text files after
	entries   map[string]int    // cacerts entries before
}

// TestCrashSafety kills apply (SIGKILL) after the Nth file step, for every
// step of a full apply of the lab (or every -crash-every'th), each time on
// a fresh copy of the same lab with its own simulators, and checks what
// the killed run left: every keystore loads (javaks always; keytool for the
// keystore whose write was interrupted), every spog_config.js and
// applicationHost.config holds its original or its converged bytes, every
// file that differs from its original has a backup holding the original
// and no backup is partial, leftover temporary files are hidden ones that
// nothing reads, the lock the killed run left is taken over as stale, the
// next apply converges (restarting Tomcat on both ADS, a notification the
// crash must not lose), PCCE has no duplicate, and a plan after it is
// empty.
func TestCrashSafety(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the kill is a SIGKILL, and the checks read its wait status: Unix only")
	}
	kt, err := exec.LookPath("keytool")
	if err != nil && os.Getenv("CI") != "" {
		t.Fatal("keytool is required in CI")
	}
	bin := buildCrashBinary(t)
	r := newRunner(t)
	pristine := filepath.Join(t.TempDir(), "pristine")
	r.expect(0, "lab", "init", "--dir", pristine)
	ref := crashReferenceRun(t, r, bin, pristine, kt)

	start := time.Now()
	var points []int
	every := max(*crashEvery, 1)
	if testing.Short() && every < 17 {
		every = 17
	}
	for n := 1; n <= len(ref.steps); n += every {
		points = append(points, n)
	}
	leftovers := 0
	for _, n := range points {
		t.Run(fmt.Sprintf("kill_at_%03d", n), func(t *testing.T) {
			leftovers += crashPoint(t, r, bin, pristine, kt, ref, n)
		})
	}
	t.Logf("%d kill points tried (of the %d file steps of a full apply) in %v; %d temporary files left behind, all hidden and harmless",
		len(points), len(ref.steps), time.Since(start).Round(time.Millisecond), leftovers)
}

// crashReferenceRun applies a copy of the pristine lab with the step log
// on, and records the step count and the original and converged files.
func crashReferenceRun(t *testing.T, r *runner, bin, pristine, kt string) crashReference {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "lab")
	copyTree(t, pristine, dir)
	stop := serveLabAt(t, r, dir)
	defer stop()
	log := filepath.Join(t.TempDir(), "steps.log")
	run := runCrashBinary(t, bin, []string{"ECERECONCILE_CRASH_LOG=" + log},
		"apply", "-f", filepath.Join(dir, "spec.yaml"), "--auto-approve", "--allow-irreversible", "--parallelism", "1")
	if run.code != 0 {
		t.Fatalf("reference apply: exit %d\n%s", run.code, run.out)
	}
	ref := crashReference{
		steps:     crashSteps(t, log),
		original:  map[string][]byte{},
		converged: map[string][]byte{},
		entries:   map[string]int{},
	}
	if len(ref.steps) == 0 {
		t.Fatal("the reference apply logged no file step: is the crashtest hook installed?")
	}
	for _, f := range slices.Concat(crashTextFiles, crashCacerts) {
		b, err := os.ReadFile(f.local(pristine))
		if err != nil {
			t.Fatal(err)
		}
		ref.original[f.String()] = b
	}
	for _, f := range crashTextFiles {
		b, err := os.ReadFile(f.local(dir))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(b, ref.original[f.String()]) {
			t.Fatalf("%s: the reference apply did not change it", f)
		}
		ref.converged[f.String()] = b
	}
	for _, f := range crashCacerts {
		s := readKeystore(t, f.local(pristine), "changeit")
		if s == nil {
			t.Fatalf("%s: the original does not load", f)
		}
		ref.entries[f.String()] = s.Len()
		if kt != "" {
			keytoolLoads(t, kt, f.local(pristine), "changeit")
		}
	}
	return ref
}

// crashPoint kills apply after step n on a fresh lab, checks what it left,
// converges and checks again. It returns the number of temporary files the
// killed run left.
func crashPoint(t *testing.T, r *runner, bin, pristine, kt string, ref crashReference, n int) int {
	dir := filepath.Join(t.TempDir(), "lab")
	copyTree(t, pristine, dir)
	stop := serveLabAt(t, r, dir)
	defer stop()
	spec := filepath.Join(dir, "spec.yaml")
	log := filepath.Join(t.TempDir(), "steps.log")
	run := runCrashBinary(t, bin, []string{"ECERECONCILE_CRASH_AT=" + strconv.Itoa(n), "ECERECONCILE_CRASH_LOG=" + log},
		"apply", "-f", spec, "--auto-approve", "--allow-irreversible", "--parallelism", "1")
	if !run.killed {
		t.Fatalf("apply was not killed at step %d (exit %d)\n%s", n, run.code, run.out)
	}
	steps := crashSteps(t, log)
	killedAt := steps[len(steps)-1]
	t.Logf("killed after step %s", strings.Replace(killedAt, dir+string(filepath.Separator), "", 1))
	_, rest, _ := strings.Cut(killedAt, " ")
	_, target, _ := strings.Cut(rest, " ")

	// The lock the killed run held is still there, naming it.
	lockFile := filepath.Join(dir, ".ecereconcile", "lab", "apply.lock")
	var lock struct {
		PID int `json:"pid"`
	}
	if b, err := os.ReadFile(lockFile); err != nil || json.Unmarshal(b, &lock) != nil || lock.PID != run.pid {
		t.Errorf("the killed run's lock: %q (%v), want one naming pid %d", b, err, run.pid)
	}

	// Whole files only: original or converged bytes.
	for _, f := range crashTextFiles {
		b, err := os.ReadFile(f.local(dir))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, ref.original[f.String()]) && !bytes.Equal(b, ref.converged[f.String()]) {
			t.Errorf("%s holds neither its original nor its converged bytes (%d bytes)", f, len(b))
		}
	}
	// Keystores load, and hold the original entries or one more.
	for _, f := range crashCacerts {
		p := f.local(dir)
		s := readKeystore(t, p, "changeit")
		if s == nil {
			t.Errorf("%s is missing or does not load", f)
		} else if want := ref.entries[f.String()]; s.Len() != want && s.Len() != want+1 {
			t.Errorf("%s has %d entries, want %d or %d", f, s.Len(), want, want+1)
		}
		if kt != "" && strings.HasPrefix(target, p) {
			keytoolLoads(t, kt, p, "changeit")
		}
	}
	eceKSPass := readSecret(t, dir, "secrets/ece-keystore.pass")
	for _, f := range crashECEStore {
		p := f.local(dir)
		if s := readKeystore(t, p, eceKSPass); s != nil && s.Len() != 1 {
			t.Errorf("%s has %d entries, want 1", f, s.Len())
		}
		if _, err := os.Stat(p); err == nil && kt != "" && target == p {
			keytoolLoads(t, kt, p, eceKSPass)
		}
	}
	checkBackups(t, dir, ref)

	// Leftover temporary files are hidden, next to their target, and are
	// read by nothing: the next apply and plan ignore them.
	tmp := tempFiles(t, dir)
	for _, p := range tmp {
		if !strings.HasPrefix(filepath.Base(p), ".") {
			t.Errorf("temporary file %s is not hidden", p)
		}
	}

	// The next apply takes the stale lock over, says so, and converges.
	res := r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	want := fmt.Sprintf("stale lock from pid %d, which is no longer running; taking it over", run.pid)
	if !strings.Contains(res.stderr, want) {
		t.Errorf("the converging apply does not say %q\n%s", want, res)
	}
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
	if _, err := os.Stat(lockFile); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the lock is still there after the converging apply: %v", err)
	}
	for _, f := range crashTextFiles {
		if b, _ := os.ReadFile(f.local(dir)); !bytes.Equal(b, ref.converged[f.String()]) {
			t.Errorf("%s is not converged after the next apply", f)
		}
	}
	checkBackups(t, dir, ref)
	for _, h := range []string{"ads-a", "ads-b"} {
		if n := tomcatRestarts(t, dir, h); n < 1 {
			t.Errorf("%s: Apache Tomcat was never restarted after its truststore changed", h)
		}
	}
	if n := pcceMachines(t, dir, "ECE_WEB_SERVER", "ece.lab.example.com"); n != 1 {
		t.Errorf("%d ECE_WEB_SERVER entries, want 1", n)
	}
	if n := pcceMachines(t, dir, "ECE", "ece-data.lab.example.com"); n != 1 {
		t.Errorf("%d ECE entries, want 1", n)
	}
	return len(tmp)
}

// checkBackups: every watched file that differs from its original has a
// backup holding the original, and every backup holds the original bytes
// (none is partial).
func checkBackups(t *testing.T, dir string, ref crashReference) {
	t.Helper()
	for _, f := range slices.Concat(crashTextFiles, crashCacerts) {
		p := f.local(dir)
		orig := ref.original[f.String()]
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, bak := range backupsOf(t, p) {
			bb, err := os.ReadFile(bak)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bb, orig) {
				t.Errorf("backup %s does not hold the original bytes of %s (%d bytes, want %d)", bak, f, len(bb), len(orig))
			}
			found = true
		}
		if !bytes.Equal(b, orig) && !found {
			t.Errorf("%s differs from its original and has no backup", f)
		}
	}
}
