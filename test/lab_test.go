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
	cmd := exec.Command(binary, "lab", "serve", "--dir", dir)
	cmd.Env = r.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("lab serve did not stop on SIGTERM:\n%s", out.String())
		}
	})
	ready := filepath.Join(dir, "ready")
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("lab serve exited: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("lab serve not ready after 30s:\n%s", out.String())
		}
	}
	return dir, filepath.Join(dir, "spec.yaml")
}
