package test

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// Every --format json output is exactly one JSON document on stdout, with
// progress kept off it.
func TestJSONOutputsParse(t *testing.T) {
	r := newRunner(t, "ECE_KS_PASS="+secretValue)
	_, spec := labWithEnvSecret(t, r)
	planFile := filepath.Join(t.TempDir(), "p.plan")
	outputs := []result{
		r.expect(0, "plan", "-f", spec, "--format", "json", "--out", planFile, "--allow-irreversible"),
		r.expect(2, "drift", "-f", spec, "--format", "json"),
		r.expect(0, "apply", planFile, "--format", "json"),
		r.expect(0, "apply", "-f", spec, "--format", "json", "--auto-approve", "--allow-irreversible"),
		r.expect(0, "drift", "-f", spec, "--format", "json"),
	}
	for _, res := range outputs {
		var doc map[string]any
		if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
			t.Errorf("not one JSON document: %v\n%s", err, res)
		}
	}
	res := r.expect(1, "apply", "-f", spec, "--format", "json")
	if res.stdout != "" {
		t.Errorf("a refused JSON apply should print nothing on stdout:\n%s", res)
	}
}
