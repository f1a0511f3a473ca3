package cli

import (
	"context"
	"fmt"
	"github.com/ecereconcile/ecereconcile/internal/version"
)

func runGraph(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("graph", "-f SPEC")
	co := common{stateless: true}
	co.register(fs)
	if _, err := parse(fs, args); err != nil {
		return flagExit(err)
	}
	e, ok := c.load(co)
	if !ok {
		return ExitError
	}
	defer e.close()
	fmt.Fprint(c.io.Stdout, e.graph.DOT())
	return ExitOK
}

func runVersion(ctx context.Context, c *cli, args []string) int {
	fmt.Fprintf(c.io.Stdout, "ecereconcile %s\n", version.String())
	return ExitOK
}
