package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// recordSteps installs a hook that calls check at every step and records
// the steps; it is removed when the test ends.
func recordSteps(t *testing.T, check func(Step, string)) *[]Step {
	t.Helper()
	var steps []Step
	hook = func(s Step, target string) {
		steps = append(steps, s)
		check(s, target)
	}
	t.Cleanup(func() { hook = nil })
	return &steps
}

// TestWriteFileStepsOldOrNew stops at every step of WriteFile and looks at
// the target as a crash there would leave it: the old bytes before the
// rename, the new bytes from it on.
func TestWriteFileStepsOldOrNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spog_config.js")
	old, data := []byte("var web_server_protocol = \"http\";\r\n"), []byte("var web_server_protocol = \"https\";\r\n")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	renamed := false
	steps := recordSteps(t, func(s Step, target string) {
		if target != path {
			t.Errorf("step %v reports %s, want the target %s", s, target, path)
		}
		renamed = renamed || s == StepRenamed
		want := old
		if renamed {
			want = data
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
			t.Errorf("after step %v the target holds %q, want %q", s, got, want)
		}
	})
	if err := WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := []Step{StepCreated, StepWritten, StepSynced, StepRenamed, StepDirSynced}
	if !slices.Equal(*steps, want) {
		t.Errorf("steps = %v, want %v", *steps, want)
	}
}

// TestCopyNewStepsNoPartialCopy stops at every step of CopyNew: the
// destination does not exist until it is linked, and is then complete.
func TestCopyNewStepsNoPartialCopy(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "cacerts")
	dst := filepath.Join(dir, "cacerts.ecereconcile-20261122T104600Z.bak")
	content := bytes.Repeat([]byte("\xfe\xed\xfe\xed"), 4096)
	if err := os.WriteFile(src, content, 0o644); err != nil {
		t.Fatal(err)
	}
	linked := false
	steps := recordSteps(t, func(s Step, target string) {
		if target != dst {
			t.Errorf("step %v reports %s, want %s", s, target, dst)
		}
		linked = linked || s == StepLinked
		got, err := os.ReadFile(dst)
		switch {
		case !linked && !errors.Is(err, fs.ErrNotExist):
			t.Errorf("after step %v the copy exists (%d bytes) before it is complete", s, len(got))
		case linked && !bytes.Equal(got, content):
			t.Errorf("after step %v the copy holds %d bytes, want %d", s, len(got), len(content))
		}
	})
	if err := CopyNew(src, dst); err != nil {
		t.Fatal(err)
	}
	want := []Step{StepCreated, StepWritten, StepSynced, StepLinked, StepDirSynced}
	if !slices.Equal(*steps, want) {
		t.Errorf("steps = %v, want %v", *steps, want)
	}
}

func TestStepString(t *testing.T) {
	tests := map[Step]string{
		StepCreated: "created", StepWritten: "written", StepSynced: "synced",
		StepRenamed: "renamed", StepLinked: "linked", StepDirSynced: "dir-synced",
		Step(0): "step(0)", Step(42): "step(42)",
	}
	for s, want := range tests {
		if got := s.String(); got != want {
			t.Errorf("Step(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}
