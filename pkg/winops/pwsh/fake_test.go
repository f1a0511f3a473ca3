package pwsh

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden scripts under testdata/scripts")

// reply is what a fake server's powershell.exe leaves: standard output,
// standard error and the exit code.
type reply struct {
	stdout   string
	stderr   string
	exitCode int
}

// call is one script run seen by a fake runner.
type runCall struct {
	op     string
	script string
	stdin  []byte
}

// fakeRunner replays recorded output per operation, through the same
// scriptResult the real runners use, and records every run.
type fakeRunner struct {
	replies map[string]reply              // by operation name
	dynamic map[string]func([]byte) reply // by operation name, from the payload
	calls   []runCall
}

func (f *fakeRunner) Run(ctx context.Context, script string, stdin []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	op := opOf(script)
	f.calls = append(f.calls, runCall{op: op, script: script, stdin: append([]byte(nil), stdin...)})
	if fn, ok := f.dynamic[op]; ok {
		r := fn(stdin)
		return scriptResult([]byte(r.stdout), []byte(r.stderr), r.exitCode)
	}
	r, ok := f.replies[op]
	if !ok {
		return scriptResult([]byte(`{"error":"fake: no reply recorded for `+op+`","code":""}`), nil, 1)
	}
	return scriptResult([]byte(r.stdout), []byte(r.stderr), r.exitCode)
}

// opOf reads the operation name from a script's first line.
func opOf(script string) string {
	first, _, _ := strings.Cut(script, "\n")
	return strings.TrimPrefix(first, "# ecereconcile ")
}

// recorded reads a file of testdata/recorded.
func recorded(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "recorded", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ok is a successful reply with a recorded output.
func ok(t testing.TB, name string) reply { return reply{stdout: recorded(t, name)} }

// failed is a script's error object reply (exit 1).
func failed(t testing.TB, name string) reply { return reply{stdout: recorded(t, name), exitCode: 1} }

// decodePayload decodes a recorded payload into a generic map.
func decodePayload(t testing.TB, stdin []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(stdin, &m); err != nil {
		t.Fatalf("payload %q is not a JSON object: %v", stdin, err)
	}
	return m
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
