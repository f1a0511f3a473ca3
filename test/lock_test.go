package test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// labLock is the apply lock of the lab's environment.
func labLock(dir string) string { return filepath.Join(dir, ".ecereconcile", "lab", "apply.lock") }

// writeLock writes a lock file by hand, as another apply would have.
func writeLock(t *testing.T, path string, pid int, hostname string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(`{"pid": %d, "hostname": %q, "user": "ops-bob", "command": "ecereconcile apply", "started_at": "2026-11-22T10:46:00Z", "version": "v0.9.0"}`+"\n", pid, hostname)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// deadPID returns the pid of a process that has run and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(binary, "version")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestApplyLock: a lock held by a running process on this host, or taken
// on another host, or unreadable, stops apply (-f SPEC and a saved plan)
// before it reads anything, naming who holds it, and nothing is written;
// plan and drift do not lock. A lock whose process is gone is explained
// and taken over, and apply converges.
func TestApplyLock(t *testing.T) {
	r := newRunner(t)
	dir, spec := serveLab(t, r)
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	lock := labLock(dir)
	planFile := filepath.Join(t.TempDir(), "change.plan")
	r.expect(0, "plan", "-f", spec, "--out", planFile, "--allow-irreversible")

	tests := map[string]struct {
		write func()
		want  []string // in stderr
	}{
		"held by a running process of this host": {
			write: func() { writeLock(t, lock, os.Getpid(), host) },
			want: []string{
				fmt.Sprintf("ecereconcile: another apply holds the lock: pid %d on %s by ops-bob since 2026-11-22T10:46:00Z (%s); nothing was done", os.Getpid(), host, lock),
				"hint: wait for it to end, or stop it",
			},
		},
		"taken on another host": {
			write: func() { writeLock(t, lock, deadPID(t), "ops-jumphost-7") },
			want: []string{
				"another apply holds the lock: pid ",
				" on ops-jumphost-7 by ops-bob since 2026-11-22T10:46:00Z (" + lock + ")",
				"hint: it was taken on ops-jumphost-7, where this machine cannot tell whether it still runs: check there that no apply runs, then remove " + lock + " by hand",
			},
		},
		"unreadable": {
			write: func() {
				writeLock(t, lock, 1, host)
				if err := os.WriteFile(lock, []byte("locked by bob\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{
				"ecereconcile: lock " + lock + ": lock file unreadable (",
				"hint: check that no apply runs on this environment, then remove the file by hand",
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tc.write()
			before := snapshot(t, dir)
			for _, args := range [][]string{
				{"apply", "-f", spec, "--auto-approve", "--allow-irreversible"},
				{"apply", planFile},
			} {
				res := r.expect(1, args...)
				for _, w := range tc.want {
					if !strings.Contains(res.stderr, w) {
						t.Errorf("stderr does not say %q\n%s", w, res)
					}
				}
				if strings.Contains(res.stdout, "resources read") {
					t.Errorf("apply read reality while locked out\n%s", res)
				}
				if d := diffSnapshots(before, snapshot(t, dir)); len(d) > 0 {
					t.Errorf("a refused apply wrote %v", d)
				}
			}
			// Read-only commands do not lock.
			r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
			r.expect(2, "drift", "-f", spec)
			if err := os.Remove(lock); err != nil {
				t.Fatal(err)
			}
		})
	}

	t.Run("stale: its process is gone", func(t *testing.T) {
		pid := deadPID(t)
		writeLock(t, lock, pid, host)
		res := r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
		want := fmt.Sprintf("ecereconcile: stale lock from pid %d, which is no longer running; taking it over (%s: pid %d on %s by ops-bob since 2026-11-22T10:46:00Z)", pid, lock, pid, host)
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr does not say %q\n%s", want, res)
		}
		r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
		if _, err := os.Stat(lock); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the lock is still there after apply: %v", err)
		}
		if names, _ := filepath.Glob(lock + "*"); len(names) > 0 {
			t.Errorf("lock files left: %v", names)
		}
	})
}

// TestApplyLockReleasedOnInterrupt: Ctrl-C (SIGINT) in the middle of an
// apply ends it, and the lock goes with it.
func TestApplyLockReleasedOnInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send to a process on Windows")
	}
	bin := buildCrashBinary(t)
	r := newRunner(t)
	dir, spec := serveLab(t, r)
	p := startPausedApply(t, bin, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	b, err := os.ReadFile(labLock(dir))
	if err != nil || !strings.Contains(string(b), fmt.Sprintf(`"pid":%d,`, p.cmd.Process.Pid)) {
		t.Fatalf("the running apply's lock: %q (%v), want its pid %d", b, err, p.cmd.Process.Pid)
	}
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := p.finish(t); code != 1 {
		t.Errorf("an interrupted apply exits %d, want 1\n%s", code, p.out)
	}
	if _, err := os.Stat(labLock(dir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the lock is still there after the interrupted apply: %v\n%s", err, p.out)
	}
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")
}

// pausedApply is an apply of the crashtest binary held at a file step.
type pausedApply struct {
	cmd    *exec.Cmd
	out    *bytes.Buffer
	goFile string // creating this file lets it go on
	done   chan error
}

// startPausedApply starts apply with the crashtest binary, pausing after
// its first file step (apply already holds the lock then), and returns once
// it is there.
func startPausedApply(t *testing.T, bin string, args ...string) *pausedApply {
	t.Helper()
	goFile := filepath.Join(t.TempDir(), "go-on")
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "ECERECONCILE_PAUSE_AT=1", "ECERECONCILE_PAUSE_FILE="+goFile)
	cmd.Stdin = strings.NewReader("")
	p := &pausedApply{cmd: cmd, out: &bytes.Buffer{}, goFile: goFile, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	// Kill is safe while the goroutine waits (and a no-op once the
	// process is done); reading cmd.ProcessState here would race with Wait.
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, err := os.Stat(goFile + ".paused"); err == nil {
			return p
		}
		select {
		case err := <-p.done:
			t.Fatalf("apply ended before its first file step: %v\n%s", err, p.out)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("apply did not reach its first file step in 30s\n%s", p.out)
		}
	}
}

// release lets the paused apply go on.
func (p *pausedApply) release(t *testing.T) {
	t.Helper()
	if err := os.WriteFile(p.goFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
}

// wait waits for the apply to end and returns its exit code.
func (p *pausedApply) wait(t *testing.T) int {
	t.Helper()
	err := <-p.done
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return p.cmd.ProcessState.ExitCode()
}

// finish lets the paused apply go on and returns its exit code.
func (p *pausedApply) finish(t *testing.T) int {
	t.Helper()
	p.release(t)
	return p.wait(t)
}
