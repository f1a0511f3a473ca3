// Package goldenfile compares test output with a file under testdata, and
// rewrites the file instead when the test runs with -update. Tests use it
// through a one-line golden helper of their own package, which owns the
// -update flag.
package goldenfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Check fails tb when got differs from the file at path. With update it
// writes got to path (creating its folder) and passes.
func Check(tb testing.TB, path string, got []byte, update bool) {
	tb.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs from the golden file (run go test -update and review the diff)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
