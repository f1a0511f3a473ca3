package cli

import "context"

// runVerify is implemented in this file by the verify work of issue 6; until then
// it says so and fails.
func runVerify(_ context.Context, c *cli, _ []string) int {
	c.errorf("verify: not implemented yet")
	return ExitError
}
