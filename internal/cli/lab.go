package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ecereconcile/ecereconcile/pkg/lab"
)

func runLab(ctx context.Context, c *cli, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "init":
			return c.labInit(args[1:])
		case "serve":
			return c.labServe(ctx, args[1:])
		}
	}
	c.errorf("lab: want a subcommand: init or serve")
	c.hint("ecereconcile lab init --dir DIR; ecereconcile lab serve --dir DIR")
	return ExitError
}

func (c *cli) labInit(args []string) int {
	fs := c.newFlags("lab init", "--dir DIR")
	dir := fs.String("dir", "", "folder to create the lab in (must not exist or be empty)")
	if _, err := parse(fs, args); err != nil {
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
	fmt.Fprintf(c.io.Stdout, "Created a lab with %d hosts in %s.\nIts spec: %s\nNext: ecereconcile lab serve --dir %s (in another terminal), then ecereconcile plan -f %s\n",
		len(l.Hosts), l.Dir, l.SpecPath, l.Dir, l.SpecPath)
	return ExitOK
}

// labServe runs the lab's simulators in the foreground until interrupted,
// creating the lab first when the folder is missing or empty.
func (c *cli) labServe(ctx context.Context, args []string) int {
	flags := c.newFlags("lab serve", "--dir DIR")
	dir := flags.String("dir", "", "the lab folder (created with lab init when missing or empty)")
	if _, err := parse(flags, args); err != nil {
		return flagExit(err)
	}
	if *dir == "" {
		c.errorf("lab serve: --dir is required")
		return ExitError
	}
	if _, err := os.Stat(filepath.Join(*dir, lab.SpecFile)); errors.Is(err, fs.ErrNotExist) {
		if _, err := lab.Init(*dir, lab.Options{Now: c.io.Now, Rand: rand.Reader}); err != nil {
			c.errorf("lab serve: %v", err)
			return ExitError
		}
	}
	err := lab.Serve(ctx, *dir, c.io.Now, func(s *lab.Server) {
		fmt.Fprintf(c.io.Stdout, "Lab %s is served:\n  Active Directory (LDAPS Global Catalog): %s\n  PCCE (Unified Config REST API): %s\nEndpoints written into %s; %s created.\nStop with Ctrl-C.\n",
			s.Dir, s.Endpoints.LDAPS, s.Endpoints.PCCE, filepath.Join(s.Dir, lab.SpecFile), filepath.Join(s.Dir, lab.ReadyFile))
	})
	if err != nil {
		c.errorf("lab serve: %v", err)
		return ExitError
	}
	return ExitOK
}
