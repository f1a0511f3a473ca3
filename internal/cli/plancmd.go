package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ecereconcile/ecereconcile/internal/version"
	"github.com/ecereconcile/ecereconcile/internal/views"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
)

func runPlan(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("plan", "-f SPEC [--out PLAN] [--detailed-exitcode] [--format "+formatUsage(views.PlanFormats)+"]")
	var co common
	co.register(fs)
	out := fs.String("out", "", "save the plan to this file, to apply it later with 'apply PLAN'")
	detailed := fs.Bool("detailed-exitcode", false, "exit 0 when there are no changes, 2 when there are, 1 on error")
	format := fs.String("format", "text", "output format: "+views.FormatList(views.PlanFormats)+" (markdown: for a change ticket, with the plan file's SHA-256)")
	allowIrr := fs.Bool("allow-irreversible", false, "record consent to irreversible steps in the saved plan")
	if _, err := parse(fs, args); err != nil {
		return flagExit(err)
	}
	f, err := views.ParseFormat(*format, views.PlanFormats...)
	if err != nil {
		c.errorf("--format: %v", err)
		return ExitError
	}
	e, ok := c.load(co)
	if !ok {
		return ExitError
	}
	defer e.close()
	p, err := plan.Build(ctx, e.graph, e.opts)
	if err != nil {
		c.errorf("plan: %v", err)
		return ExitError
	}
	failed := len(p.Failed()) > 0
	// The Markdown quotes the plan file's SHA-256: save first, then render.
	var saved *views.PlanFile
	if f == views.Markdown && *out != "" && !failed {
		sum, err := c.savePlan(*out, p, e, *allowIrr)
		if err != nil {
			c.errorf("saving the plan: %v", err)
			return ExitError
		}
		saved = &views.PlanFile{Path: *out, SHA256: sum, AllowIrreversible: *allowIrr}
	}
	if err := c.renderPlan(f, p, e, saved); err != nil {
		c.errorf("writing the plan: %v", err)
		return ExitError
	}
	if failed {
		if *out != "" {
			c.errorf("the plan has errors; no plan file was written")
		}
		return ExitError
	}
	if *out != "" && saved == nil {
		sum, err := c.savePlan(*out, p, e, *allowIrr)
		if err != nil {
			c.errorf("saving the plan: %v", err)
			return ExitError
		}
		if f == views.Text {
			fmt.Fprintf(c.io.Stdout, "\nSaved the plan to %s (sha256 %s).\nApply exactly this plan with: ecereconcile apply %s\n", *out, sum, *out)
		}
	}
	if *detailed && p.HasChanges() {
		return ExitChanges
	}
	return ExitOK
}

// renderPlan writes the plan on stdout; saved is the plan file the
// Markdown quotes (nil: none).
func (c *cli) renderPlan(f views.Format, p *plan.Plan, e *env, saved *views.PlanFile) error {
	switch f {
	case views.JSON:
		return views.PlanJSON(c.io.Stdout, p, e.meta())
	case views.Markdown:
		return views.PlanMarkdown(c.io.Stdout, p, e.meta(), saved)
	}
	return views.PlanText(c.io.Stdout, p, e.meta())
}

// savePlan writes the plan file and returns the SHA-256 of its bytes, the
// value to quote in a change ticket.
func (c *cli) savePlan(path string, p *plan.Plan, e *env, allowIrreversible bool) (string, error) {
	specPath, err := filepath.Abs(e.spec.File)
	if err != nil {
		return "", err
	}
	pf := plan.NewFile(p, plan.FileMeta{
		ToolVersion:       version.ForPlanFile(),
		CreatedAt:         c.io.Now(),
		Environment:       e.spec.Metadata.Name,
		SpecFile:          specPath,
		SpecHash:          e.spec.Hash,
		AllowIrreversible: allowIrreversible,
	})
	if err := plan.WriteFile(path, pf); err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}
