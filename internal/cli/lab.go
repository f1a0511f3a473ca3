package cli

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/lab"
)

func runLab(ctx context.Context, c *cli, args []string) int {
	if len(args) == 0 || args[0] != "init" {
		c.errorf("lab: want a subcommand: init")
		c.hint("ecereconcile lab init --dir DIR")
		return ExitError
	}
	fs := c.newFlags("lab init", "--dir DIR")
	dir := fs.String("dir", "", "folder to create the lab in (must not exist or be empty)")
	if _, err := parse(fs, args[1:]); err != nil {
		return flagExit(err)
	}
	if *dir == "" {
		c.errorf("lab init: --dir is required")
		return ExitError
	}
	l, err := lab.Init(*dir, lab.Options{Now: c.io.Now, Rand: rand.Reader})
	if err != nil {
		c.errorf("lab init: %v", err)
		return ExitError
	}
	fmt.Fprintf(c.io.Stdout, "Created a lab with %d hosts in %s.\nIts spec: %s\nNext: ecereconcile plan -f %s\n",
		len(l.Hosts), l.Dir, l.SpecPath, l.SpecPath)
	return ExitOK
}
