package cli

import "context"

// runSchema is implemented in this file by the schema work of issue 6; until then
// it says so and fails.
func runSchema(_ context.Context, c *cli, _ []string) int {
	c.errorf("schema: not implemented yet")
	return ExitError
}
