package test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The two inventory entries of the lab's spec.
var labMachines = [][2]string{{"ECE_WEB_SERVER", "ece.lab.example.com"}, {"ECE", "ece-data.lab.example.com"}}

// faultServer is a `lab serve` started with extra flags (faults).
type faultServer struct {
	t       *testing.T
	dir     string
	cmd     *exec.Cmd
	out     bytes.Buffer
	done    chan error
	stopped bool
}

// serveFaulty runs `lab serve --dir dir args...` until stop (or the end of
// the test) and waits for its ready file.
func serveFaulty(t *testing.T, r *runner, dir string, args ...string) *faultServer {
	t.Helper()
	s := &faultServer{t: t, dir: dir, done: make(chan error, 1)}
	s.cmd = exec.Command(binary, append([]string{"lab", "serve", "--dir", dir}, args...)...)
	s.cmd.Env = r.env
	s.cmd.Stdout, s.cmd.Stderr = &s.out, &s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() { s.stop() })
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
			return s
		}
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("lab serve exited: %v\n%s", err, s.out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("lab serve not ready after 30s:\n%s", s.out.String())
		}
	}
}

// stop ends lab serve and returns what it printed.
func (s *faultServer) stop() string {
	if !s.stopped {
		s.stopped = true
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.done
			s.t.Errorf("lab serve did not stop on SIGTERM:\n%s", s.out.String())
		}
	}
	return s.out.String()
}

// setFaults writes the lab's faults file and waits until lab serve has
// applied it (its ready file names the faults in force).
func (s *faultServer) setFaults(text, want string) {
	s.t.Helper()
	if err := os.WriteFile(filepath.Join(s.dir, "faults"), []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
	var ready struct {
		Faults string `json:"faults"`
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, err := os.ReadFile(filepath.Join(s.dir, "ready"))
		if err == nil && json.Unmarshal(b, &ready) == nil && ready.Faults == want {
			return
		}
	}
	s.t.Fatalf("lab serve did not apply faults %q (ready says %q):\n%s", want, ready.Faults, s.out.String())
}

var injectedLine = regexp.MustCompile(`injected: (\d+) failed, (\d+) conflict\(s\), (\d+) dropped, (\d+) hung`)

// injected sums the faults lab serve reported injecting when it stopped.
func injected(t *testing.T, out string) int {
	t.Helper()
	m := injectedLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("lab serve did not report the faults it injected:\n%s", out)
	}
	n := 0
	for _, v := range m[1:] {
		i, _ := strconv.Atoi(v)
		n += i
	}
	return n
}

// labTemplates makes, once per test, a fresh lab ("fresh") and one where
// the PCCE inventory entries exist under other names, so that an apply
// sends PUTs ("renamed"). Each case copies one.
func labTemplates(t *testing.T, r *runner) map[string]string {
	t.Helper()
	root := t.TempDir()
	fresh := filepath.Join(root, "fresh")
	r.expect(0, "lab", "init", "--dir", fresh)
	renamed := filepath.Join(root, "renamed")
	copyDir(t, fresh, renamed)
	s := serveFaulty(t, r, renamed)
	r.expect(0, "apply", "-f", filepath.Join(renamed, "spec.yaml"), "--auto-approve", "--allow-irreversible")
	s.stop()
	state := filepath.Join(renamed, ".lab", "pcce", "state.json")
	b, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	for _, m := range st["machines"].([]any) {
		m := m.(map[string]any)
		if typ := m["type"]; typ == "ECE" || typ == "ECE_WEB_SERVER" {
			m["name"] = m["name"].(string) + "-old"
		}
	}
	if b, err = json.Marshal(st); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"fresh": fresh, "renamed": renamed}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// failedLines are the "✗ ADDR: error" lines of a text apply.
func failedLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "✗ "); ok {
			lines = append(lines, rest)
		}
	}
	return lines
}

// pcceCause is what a failed PCCE resource must name as the cause.
var pcceCause = regexp.MustCompile(`HTTP [45]\d\d on (GET|POST|PUT) /unifiedconfig/|timed out|connection failed before a complete answer|kept changing in PCCE`)

// TestFaultPCCE runs a full apply on labs whose PCCE injects 5xx, latency,
// conflicts and dropped answers (seeded mixes): apply ends converged or
// with errors that name a PCCE resource and the cause, never with a
// duplicate inventory entry; once the faults are cleared, apply converges.
func TestFaultPCCE(t *testing.T) {
	r := newRunner(t)
	templates := labTemplates(t, r)
	mixes := []struct {
		name, lab, faults string
	}{
		{"5xx share with latency", "fresh", "fail=0.3,seed=1,latency=20ms"},
		{"5xx that outlast the retries", "fresh", "fail=0.9,seed=2"},
		{"500s: maybe carried out, searched before sending again", "fresh", "fail-next=6,status=500"},
		{"lost create answers", "fresh", "drop=POST:2"},
		{"connections dropped before processing", "fresh", "drop-before=3"},
		{"a bit of everything", "fresh", "fail=0.2,seed=5,latency=10ms,fail-next=2,status=502,drop=POST:1,drop-before=GET:1"},
		{"conflicts on updates", "renamed", "conflict=2"},
		{"conflicts that outlast the retries", "renamed", "conflict=6"},
		{"lost update answers", "renamed", "drop=PUT:2,latency=10ms"},
		{"updates under 5xx and a conflict", "renamed", "fail=0.4,seed=9,conflict=1"},
	}
	for _, mix := range mixes {
		t.Run(mix.name, func(t *testing.T) {
			r := newRunner(t)
			dir := filepath.Join(t.TempDir(), "lab")
			copyDir(t, templates[mix.lab], dir)
			spec := filepath.Join(dir, "spec.yaml")
			s := serveFaulty(t, r, dir, "--pcce-faults", mix.faults)

			res := r.run("apply", "-f", spec, "--auto-approve", "--allow-irreversible")
			t.Logf("apply under %s: exit %d; failed: %q", mix.faults, res.code, failedLines(res.stdout+res.stderr))
			switch res.code {
			case 0:
			case 1:
				failed := failedLines(res.stdout + res.stderr)
				if len(failed) == 0 {
					t.Fatalf("apply failed without naming a resource\n%s", res)
				}
				for _, f := range failed {
					if !strings.Contains(f, "[PCCE]") || !pcceCause.MatchString(f) {
						t.Errorf("a failure that does not name a PCCE resource and its cause: %s", f)
					}
				}
			default:
				t.Fatalf("apply under faults %s\n%s", mix.faults, res)
			}
			for _, m := range labMachines {
				if n := pcceMachines(t, dir, m[0], m[1]); n > 1 {
					t.Errorf("%d %s entries for %s after the faulty apply, want at most 1", n, m[0], m[1])
				}
			}

			s.setFaults("", "none")
			if res.code != 0 {
				r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
			}
			r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
			for _, m := range labMachines {
				if n := pcceMachines(t, dir, m[0], m[1]); n != 1 {
					t.Errorf("%d %s entries for %s after converging, want 1", n, m[0], m[1])
				}
			}
			if n := injected(t, s.stop()); n == 0 {
				t.Errorf("faults %s injected nothing: the mix tests nothing", mix.faults)
			}
		})
	}
}

// TestFaultPCCEHang: a PCCE request that never gets an answer costs one
// request timeout (the spec's pcce.requestTimeout, here 1s), then the
// request is sent again and apply converges.
func TestFaultPCCEHang(t *testing.T) {
	r := newRunner(t)
	dir := filepath.Join(t.TempDir(), "lab")
	s := serveFaulty(t, r, dir, "--pcce-faults", "hang=1")
	spec := filepath.Join(dir, "spec.yaml")
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	withTimeout := strings.Replace(string(b), "    deploymentModel: \"2000\"\n", "    deploymentModel: \"2000\"\n    requestTimeout: 1s\n", 1)
	if withTimeout == string(b) {
		t.Fatal("the lab spec has no pcce deploymentModel line to add requestTimeout after")
	}
	if err := os.WriteFile(spec, []byte(withTimeout), 0o644); err != nil {
		t.Fatal(err)
	}
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
	for _, m := range labMachines {
		if n := pcceMachines(t, dir, m[0], m[1]); n != 1 {
			t.Errorf("%d %s entries for %s, want 1", n, m[0], m[1])
		}
	}
	out := s.stop()
	if m := injectedLine.FindStringSubmatch(out); m == nil || m[4] == "0" {
		t.Errorf("no request hung:\n%s", out)
	}
}

// dependents are the resources that depend on addr, directly or not, in
// the DOT of `ecereconcile graph`.
func dependents(t *testing.T, dot, addr string) []string {
	t.Helper()
	edge := regexp.MustCompile(`(?m)^\s*"([^"]+)" -> "([^"]+)"`)
	next := map[string][]string{}
	for _, m := range edge.FindAllStringSubmatch(dot, -1) {
		next[m[1]] = append(next[m[1]], m[2])
	}
	if len(next) == 0 {
		t.Fatalf("no edge in the graph:\n%s", dot)
	}
	var out []string
	todo := slices.Clone(next[addr])
	for len(todo) > 0 {
		a := todo[0]
		todo = todo[1:]
		if !slices.Contains(out, a) {
			out = append(out, a)
			todo = append(todo, next[a]...)
		}
	}
	return out
}

// TestFaultLDAPDown: with the Active Directory down, apply fails the
// partition SSO (its LDAP verification cannot connect), skips what depends
// on it, and applies everything else; with the directory back (through the
// lab's faults file, while serving), apply converges.
func TestFaultLDAPDown(t *testing.T) {
	r := newRunner(t)
	dir := filepath.Join(t.TempDir(), "lab")
	s := serveFaulty(t, r, dir, "--ldap-down")
	spec := filepath.Join(dir, "spec.yaml")
	const sso = "ece_partition_sso.partition_admin[ECE]"
	deps := dependents(t, r.expect(0, "graph", "-f", spec).stdout, sso)
	if len(deps) == 0 {
		t.Fatalf("nothing depends on %s: the test would not see a skip", sso)
	}

	res := r.expect(1, "apply", "-f", spec, "--auto-approve", "--allow-irreversible", "--format", "json")
	var out struct {
		Resources []struct {
			Address, Status, Error string
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &out); err != nil {
		t.Fatalf("apply --format json: %v\n%s", err, res)
	}
	seen := 0
	for _, rs := range out.Resources {
		switch {
		case rs.Address == sso:
			seen++
			if rs.Status != "failed" || !strings.Contains(rs.Error, "Unreachable") || !strings.Contains(rs.Error, "connection refused") || !strings.Contains(rs.Error, "ldaps://127.0.0.1:") {
				t.Errorf("%s: %s %q, want failed naming the unreachable directory and its endpoint", sso, rs.Status, rs.Error)
			}
		case slices.Contains(deps, rs.Address):
			seen++
			if rs.Status != "skipped" {
				t.Errorf("%s depends on %s: %s, want skipped", rs.Address, sso, rs.Status)
			}
		case rs.Status != "applied" && rs.Status != "unchanged":
			t.Errorf("%s does not depend on the directory, but is %s (%s)", rs.Address, rs.Status, rs.Error)
		}
	}
	if seen != 1+len(deps) {
		t.Errorf("the result names %d of %s and its %d dependents", seen, sso, len(deps))
	}
	res = r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	if got, want := changedResources(res.stdout), append([]string{sso}, deps...); !sameSet(got, want) {
		t.Errorf("left to do with the directory down: %v, want %v\n%s", got, want, res)
	}

	s.setFaults("ldap=up\n", "none")
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")

	// Down again while serving: a plan says so and changes nothing.
	s.setFaults("ldap=down\n", "ldap=down")
	res = r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	if got := changedResources(res.stdout); !sameSet(got, []string{sso}) || !strings.Contains(res.stdout, "connection refused") {
		t.Errorf("plan with the directory down again: %v, want only %s with the refused connection\n%s", got, sso, res)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
