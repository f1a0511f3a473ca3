package test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// serveLab creates a lab in a temporary folder and runs `lab serve` on it
// in the background (its Active Directory answers the partition SSO's
// verification) until the test ends. It returns the lab folder and spec.
func serveLab(t *testing.T, r *runner) (dir, spec string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "lab")
	stop := serveLabAt(t, r, dir)
	t.Cleanup(stop)
	return dir, filepath.Join(dir, "spec.yaml")
}

// serveLabAt runs `lab serve` on dir (created when missing) until stop is
// called.
func serveLabAt(t *testing.T, r *runner, dir string) (stop func()) {
	t.Helper()
	cmd := exec.Command(binary, "lab", "serve", "--dir", dir)
	cmd.Env = r.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("lab serve did not stop on SIGTERM:\n%s", out.String())
		}
		if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
			t.Errorf("lab serve left %s/ready behind", dir)
		}
	}
	ready := filepath.Join(dir, "ready")
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		select {
		case err := <-done:
			stopped = true
			t.Fatalf("lab serve exited: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("lab serve not ready after 30s:\n%s", out.String())
		}
	}
	return stop
}
