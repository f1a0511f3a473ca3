//go:build unix

package spec

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadFileNamedPipe: a named pipe is refused before it is opened
// (opening it would wait for a writer).
func TestReadFileNamedPipe(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pipe.crt")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	_, err := ReadFile(p)
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadFile of a named pipe: %v, want wrapping ErrNotRegular", err)
	}
	if want := "read " + p + ": is a named pipe, not a regular file"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}
