package cli

import "context"

// runCompletion is implemented in this file by the completion work of issue 6; until then
// it says so and fails.
func runCompletion(_ context.Context, c *cli, _ []string) int {
	c.errorf("completion: not implemented yet")
	return ExitError
}
