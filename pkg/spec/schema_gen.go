//go:build ignore

// schema_gen writes ecereconcile.schema.json from spec.JSONSchema; run it
// with `go generate ./pkg/spec`.
package main

import (
	"fmt"
	"os"

	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

func main() {
	if err := os.WriteFile(spec.SchemaFile, spec.JSONSchema(), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "schema_gen: %v\n", err)
		os.Exit(1)
	}
}
