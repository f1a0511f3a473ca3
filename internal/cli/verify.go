package cli

import (
	"context"
	"os"

	"github.com/ecereconcile/ecereconcile/internal/verify"
	"github.com/ecereconcile/ecereconcile/internal/version"
	"github.com/ecereconcile/ecereconcile/internal/views"
	"github.com/ecereconcile/ecereconcile/internal/wire"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// verifyFormats are the formats verify writes.
var verifyFormats = []views.Format{views.Text, views.JSON}

// runVerify is `verify -f SPEC [--format text|json] [--timeout D]`: the
// tech note's validation and troubleshooting checks. Exit 0 when every
// check passes (or is skipped), 1 when one fails or could not run.
func runVerify(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("verify", "-f SPEC [--format "+formatUsage(verifyFormats)+"] [--timeout 30s] [--parallelism N]")
	specPath := fs.String("f", "", "the environment spec (YAML)")
	format := fs.String("format", "text", "output format: "+views.FormatList(verifyFormats))
	timeout := fs.Duration("timeout", verify.DefaultTimeout, "how long every check together may take; what has not answered by then could not run")
	parallelism := fs.Int("parallelism", verify.DefaultParallelism, "how many servers to read at once")
	if _, err := parse(fs, args); err != nil {
		return flagExit(err)
	}
	f, err := views.ParseFormat(*format, verifyFormats...)
	if err != nil {
		c.errorf("--format: %v", err)
		return ExitError
	}
	if *timeout <= 0 {
		c.errorf("--timeout: must be positive, got %s", *timeout)
		return ExitError
	}
	if *parallelism <= 0 {
		c.errorf("--parallelism: must be at least 1, got %d", *parallelism)
		return ExitError
	}
	if *specPath == "" {
		c.errorf("no spec given")
		c.hint("pass the environment spec with -f SPEC")
		return ExitError
	}
	sp, err := spec.Load(*specPath)
	if err != nil {
		c.specErrors(err)
		return ExitError
	}
	lookup := c.io.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	t, err := wire.VerifyTarget(sp, wire.Env{Now: c.io.Now, LookupEnv: lookup})
	if err != nil {
		c.errorf("%s: %v", *specPath, err)
		return ExitError
	}
	rep := verify.Run(ctx, t, verify.Options{
		Now: c.io.Now, Timeout: *timeout, Parallelism: *parallelism, ToolVersion: version.String(),
	})
	if err := verify.Write(c.io.Stdout, rep, f); err != nil {
		c.errorf("writing the report: %v", err)
		return ExitError
	}
	if !rep.OK() {
		return ExitError
	}
	return ExitOK
}
