package cli

import (
	"context"

	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// runSchema prints the JSON Schema of the spec (draft-07), the same bytes
// as pkg/spec/ecereconcile.schema.json, for YAML editors.
func runSchema(_ context.Context, c *cli, args []string) int {
	fs := c.newFlags("schema", "> ecereconcile.schema.json\n\n"+
		"Prints the JSON Schema of the spec. Reference it from a spec's first line for completion and checks in YAML editors:\n"+
		"  # yaml-language-server: $schema=PATH/ecereconcile.schema.json")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		c.errorf("schema: unexpected argument %q", pos[0])
		c.hint("ecereconcile schema > ecereconcile.schema.json")
		return ExitError
	}
	if _, err := c.io.Stdout.Write(spec.JSONSchema()); err != nil {
		c.errorf("schema: %v", err)
		return ExitError
	}
	return ExitOK
}
