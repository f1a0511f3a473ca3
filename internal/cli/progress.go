package cli

import (
	"github.com/ecereconcile/ecereconcile/internal/views"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
)

// progress returns the hook that reports apply progress:
//
//   - JSON: one line per finished resource on stderr (stdout carries the
//     JSON document);
//   - stdout not a terminal: the same lines on stdout, nothing redrawn;
//   - a terminal: a live display of what runs, with elapsed times. It then
//     also takes over c.io.Stdout, so that everything else printed during
//     the run (the plan, the prompt, operator tasks, the result) erases the
//     live lines first instead of being overwritten by their redraw.
//     Its lines are cut to c.io.StdoutWidth (80 when unknown).
func (c *cli) progress(f views.Format) plan.Hook {
	switch {
	case f == views.JSON:
		return views.NewLines(c.io.Stderr)
	case !c.io.StdoutIsTTY:
		return views.NewLines(c.io.Stdout)
	}
	l := views.NewLive(c.io.Stdout, views.LiveOptions{Now: c.io.Now, Width: c.io.StdoutWidth})
	c.io.Stdout = l.Writer()
	return l
}
