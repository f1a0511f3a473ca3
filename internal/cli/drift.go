package cli

import (
	"context"

	"github.com/ecereconcile/ecereconcile/internal/views"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
)

func runDrift(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("drift", "-f SPEC [--format text|json]")
	var co common
	co.register(fs)
	format := fs.String("format", "text", "output format: text or json")
	if _, err := parse(fs, args); err != nil {
		return flagExit(err)
	}
	f, err := views.ParseFormat(*format)
	if err != nil {
		c.errorf("--format: %v", err)
		return ExitError
	}
	e, ok := c.load(co)
	if !ok {
		return ExitError
	}
	defer e.close()
	start := c.io.Now()
	p, err := plan.Build(ctx, e.graph, e.opts)
	if err != nil {
		c.errorf("drift: %v", err)
		return ExitError
	}
	rep := views.DriftReport{CheckedAt: start, Duration: c.io.Now().Sub(start)}
	if f == views.JSON {
		err = views.DriftJSON(c.io.Stdout, p, e.meta(), rep)
	} else {
		err = views.DriftText(c.io.Stdout, p, e.meta(), rep)
	}
	if err != nil {
		c.errorf("writing the report: %v", err)
		return ExitError
	}
	drifted := false
	for _, it := range p.Items {
		switch views.StatusOf(it) {
		case views.Errored:
			return ExitError
		case views.Drifted, views.NeedsPerson:
			drifted = true
		}
	}
	if drifted {
		return ExitChanges
	}
	return ExitOK
}
