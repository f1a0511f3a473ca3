package cli

import (
	"context"
	"fmt"
)

func runValidate(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("validate", "-f SPEC")
	co := common{stateless: true}
	co.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if co.spec == "" && len(pos) == 1 {
		co.spec = pos[0]
	}
	e, ok := c.load(co)
	if !ok {
		return ExitError
	}
	defer e.close()
	fmt.Fprintf(c.io.Stdout, "%s: valid: environment %s, %d hosts, %d resources.\n",
		e.spec.File, e.spec.Metadata.Name, len(e.spec.Hosts), len(e.graph.Order()))
	return ExitOK
}
