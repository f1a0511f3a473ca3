package test

import (
	"path/filepath"
	"testing"
)

func TestExamplesValidate(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join("..", "examples", "*.yaml"))
	if err != nil || len(specs) < 2 {
		t.Fatalf("want at least 2 examples, got %v (%v)", specs, err)
	}
	r := newRunner(t)
	for _, s := range specs {
		r.expect(0, "validate", "-f", s)
	}
}
