package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
)

// errDeclined is returned when the operator did not confirm a task.
var errDeclined = errors.New("the operator did not confirm the task; nothing was recorded")

// operatorTasks returns how apply hands the manual ECE backend's tasks to
// the operator: each task is printed, then confirmed on the terminal (the
// operator types their name), or, with --confirm-manual, confirmed as done
// by the user running apply (automation where the change was made by hand
// beforehand). Tasks are shown one at a time.
//
// out is where the tasks are printed: stdout, or stderr when stdout carries
// a JSON document.
func (c *cli) operatorTasks(auto bool, out io.Writer) func(context.Context, eceadmin.Task) (string, error) {
	var mu sync.Mutex
	return func(ctx context.Context, t eceadmin.Task) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, "\nOperator task (ECE has no admin API for this):\n\n")
		if err := eceadmin.RenderTask(out, t); err != nil {
			return "", err
		}
		if auto {
			who := c.userName() + " (--confirm-manual)"
			fmt.Fprintf(out, "\nConfirmed by %s.\n", who)
			return who, nil
		}
		if !c.io.StdinIsTTY {
			return "", errors.New("a manual ECE task needs an operator: standard input is not a terminal; make the change, then run apply with --confirm-manual")
		}
		fmt.Fprint(out, "\nMake the change in the ECE console, then type your name to confirm (empty to decline): ")
		who, err := c.readLine(ctx)
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if who == "" || err != nil {
			return "", errDeclined
		}
		return who, nil
	}
}

// userName is the login running the tool, for attestations.
func (c *cli) userName() string {
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if c.io.LookupEnv == nil {
			break
		}
		if v, ok := c.io.LookupEnv(k); ok && v != "" {
			return v
		}
	}
	return "unknown user"
}
