package test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadClockOverride: an ECERECONCILE_NOW that is not a time is refused
// before anything runs, naming the variable.
func TestBadClockOverride(t *testing.T) {
	r := newRunner(t, "ECERECONCILE_NOW=next tuesday")
	res := r.expect(1, "version")
	if !strings.Contains(res.stderr, "ECERECONCILE_NOW") || !strings.Contains(res.stderr, "next tuesday") {
		t.Errorf("the error does not name the variable and its value\n%s", res)
	}
}

// TestLabServeRefusesAForeignFolder: lab serve on a folder that holds
// something else than a lab refuses and writes nothing there.
func TestLabServeRefusesAForeignFolder(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := newRunner(t)
	res := r.expect(1, "lab", "serve", "--dir", dir)
	if !strings.Contains(res.stderr, "not empty") {
		t.Errorf("lab serve does not say why it refused\n%s", res)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "notes.txt" {
		t.Errorf("lab serve wrote into a foreign folder: %v", entries)
	}
}
