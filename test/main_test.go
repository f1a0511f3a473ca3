package test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	// The tests run a binary built from these packages; importing them makes
	// go test's cache notice when they change.
	_ "github.com/ecereconcile/ecereconcile/internal/cli"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ecereconcile-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "ecereconcile")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, "./cmd/ecereconcile")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building ecereconcile: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	args   []string
	stdout string
	stderr string
	code   int
}

func (r result) String() string {
	return fmt.Sprintf("$ ecereconcile %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
}

// runner runs the binary with a fixed environment and remembers every
// output, so a test can search all of them (for leaked secrets).
type runner struct {
	t    *testing.T
	env  []string
	runs []result
}

func newRunner(t *testing.T, env ...string) *runner {
	return &runner{t: t, env: append(os.Environ(), env...)}
}

func (r *runner) run(args ...string) result {
	r.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = r.env
	cmd.Stdin = strings.NewReader("")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatalf("running %v: %v", args, err)
	}
	res := result{args: args, stdout: out.String(), stderr: errb.String(), code: code}
	r.runs = append(r.runs, res)
	return res
}

// expect runs and fails the test unless the exit code is want.
func (r *runner) expect(want int, args ...string) result {
	r.t.Helper()
	res := r.run(args...)
	if res.code != want {
		r.t.Fatalf("want exit %d\n%s", want, res)
	}
	return res
}

func keytool(t *testing.T) string {
	t.Helper()
	kt, err := exec.LookPath("keytool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("keytool is required in CI")
		}
		t.Skip("keytool not installed")
	}
	return kt
}
