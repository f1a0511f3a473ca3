package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"

	"github.com/ecereconcile/ecereconcile/internal/runlock"
	"github.com/ecereconcile/ecereconcile/internal/version"
	"github.com/ecereconcile/ecereconcile/internal/views"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
)

type applyFlags struct {
	co                common
	autoApprove       bool
	allowIrreversible bool
	format            string
}

func runApply(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("apply", "-f SPEC [--auto-approve] [--allow-irreversible] [--confirm-manual] | apply PLAN")
	var af applyFlags
	af.co.register(fs)
	fs.BoolVar(&af.autoApprove, "auto-approve", false, "apply without asking for confirmation")
	fs.BoolVar(&af.allowIrreversible, "allow-irreversible", false, "allow irreversible steps (ECE-UCCE integration)")
	fs.StringVar(&af.format, "format", "text", "output format of the result: text or json")
	fs.BoolVar(&af.co.confirmManual, "confirm-manual", false, "confirm the manual ECE backend's operator tasks as done by you (automation)")
	af.co.applying = true
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	f, err := views.ParseFormat(af.format)
	if err != nil {
		c.errorf("--format: %v", err)
		return ExitError
	}
	if f == views.JSON {
		af.co.taskOut = c.io.Stderr // stdout carries the JSON result
	}
	switch len(pos) {
	case 0:
		return c.applySpec(ctx, af, f)
	case 1:
		return c.applySaved(ctx, af, f, pos[0])
	}
	c.errorf("apply takes at most one saved plan, got %d arguments", len(pos))
	return ExitError
}

// applySpec plans, shows the plan, asks, and applies.
func (c *cli) applySpec(ctx context.Context, af applyFlags, f views.Format) int {
	if f == views.JSON && !af.autoApprove {
		c.errorf("apply --format json needs --auto-approve: nobody sees a plan to confirm")
		c.hint("or review a saved plan: ecereconcile plan -f SPEC --out PLAN, then ecereconcile apply PLAN --format json")
		return ExitError
	}
	e, ok := c.load(af.co, c.progress(f))
	if !ok {
		return ExitError
	}
	defer e.close()
	unlock, ok := c.lockApply(e)
	if !ok {
		return ExitError
	}
	defer unlock()
	e.opts.AllowIrreversible = af.allowIrreversible
	p, err := plan.Build(ctx, e.graph, e.opts)
	if err != nil {
		c.errorf("plan: %v", err)
		return ExitError
	}
	if f == views.Text {
		if err := views.PlanText(c.io.Stdout, p, e.meta()); err != nil {
			c.errorf("writing the plan: %v", err)
			return ExitError
		}
	}
	if !p.HasChanges() && len(p.Failed()) == 0 {
		if f == views.JSON {
			return c.applyResult(f, &plan.Result{}, e)
		}
		return ExitOK
	}
	if p.HasChanges() && !af.autoApprove {
		if !c.confirm(ctx) {
			return ExitError
		}
	}
	return c.runApply(ctx, e, p, f)
}

// applySaved applies a saved plan exactly, or refuses.
func (c *cli) applySaved(ctx context.Context, af applyFlags, f views.Format, path string) int {
	pf, err := plan.ReadFile(path)
	if err != nil {
		c.errorf("%v", err) // it names the plan file
		return ExitError
	}
	if err := pf.CheckTool(version.ForPlanFile()); err != nil {
		c.errorf("%s: %v", path, err)
		c.hint("make a new plan with this version: ecereconcile plan -f SPEC --out PLAN")
		return ExitError
	}
	if af.co.spec == "" {
		af.co.spec = pf.SpecFile
	}
	e, ok := c.load(af.co, c.progress(f))
	if !ok {
		return ExitError
	}
	defer e.close()
	if err := pf.CheckSpec(e.spec.Hash); err != nil {
		c.errorf("%s: %v", path, err)
		c.hint("the spec or a file it references changed since the plan was made; plan again")
		return ExitError
	}
	unlock, ok := c.lockApply(e)
	if !ok {
		return ExitError
	}
	defer unlock()
	e.opts.AllowIrreversible = pf.AllowIrreversible
	fresh, err := plan.Build(ctx, e.graph, e.opts)
	if err != nil {
		c.errorf("plan: %v", err)
		return ExitError
	}
	if stale := pf.Stale(fresh); len(stale) > 0 {
		c.errorf("%s: saved plan is stale: reality changed since it was made; nothing was applied", path)
		for _, s := range stale {
			fmt.Fprintf(c.io.Stderr, "  %s: %s\n", s.Addr, s.Why)
		}
		c.hint("review a new plan: ecereconcile plan -f %s --out %s", e.spec.File, path)
		return ExitError
	}
	if !fresh.HasChanges() && len(fresh.Failed()) == 0 {
		if f == views.JSON {
			return c.applyResult(f, &plan.Result{}, e)
		}
		fmt.Fprintln(c.io.Stdout, "The saved plan has no changes; nothing to do.")
		return ExitOK
	}
	return c.runApply(ctx, e, fresh, f)
}

func (c *cli) runApply(ctx context.Context, e *env, p *plan.Plan, f views.Format) int {
	if f == views.Text {
		fmt.Fprintln(c.io.Stdout)
	}
	res, err := plan.Apply(ctx, e.graph, p, e.opts)
	if err != nil {
		if res != nil { // interrupted: say what was done before stopping
			c.applyResult(f, res, e)
		}
		c.errorf("apply: %v", err)
		return ExitError
	}
	return c.applyResult(f, res, e)
}

func (c *cli) applyResult(f views.Format, res *plan.Result, e *env) int {
	var err error
	if f == views.JSON {
		err = views.ApplyJSON(c.io.Stdout, res, e.meta())
	} else {
		err = views.ApplyText(c.io.Stdout, res)
	}
	if err != nil {
		c.errorf("writing the result: %v", err)
		return ExitError
	}
	if failed := res.Failed(); len(failed) > 0 {
		for _, o := range failed {
			if errors.Is(o.Err, plan.ErrIrreversible) {
				c.hint("%s is irreversible: review it, then plan with --allow-irreversible (saved plans) or apply -f SPEC --allow-irreversible", o.Addr)
			}
		}
		return ExitError
	}
	return ExitOK
}

// confirm asks on a terminal; without one it refuses and says why.
func (c *cli) confirm(ctx context.Context) bool {
	if !c.io.StdinIsTTY {
		c.errorf("apply needs confirmation, and standard input is not a terminal")
		c.hint("review the plan and pass --auto-approve, or save it with 'plan --out' and run 'apply PLAN'")
		return false
	}
	fmt.Fprint(c.io.Stdout, "\nDo you want to perform these actions? Only 'yes' will be accepted: ")
	line, _ := c.readLine(ctx)
	if line != "yes" {
		c.errorf("apply cancelled; nothing was changed")
		return false
	}
	return true
}

// lockApply takes the environment's apply lock (in its state folder) before
// apply reads reality, or says who holds it. The returned func releases it;
// the caller defers it, so every way out of apply, Ctrl-C included, lets go.
func (c *cli) lockApply(e *env) (unlock func(), ok bool) {
	hostname, err := os.Hostname()
	if err != nil {
		c.errorf("lock: the host name: %v", err)
		return nil, false
	}
	l, err := runlock.Acquire(e.spec.Metadata.StateDir, runlock.Options{Owner: runlock.Owner{
		PID:       os.Getpid(),
		Hostname:  hostname,
		User:      c.lockUser(),
		Command:   filepath.Base(os.Args[0]) + " apply",
		StartedAt: c.io.Now(),
		Version:   version.String(),
	}})
	var held *runlock.HeldError
	switch {
	case errors.As(err, &held) && held.Foreign:
		c.errorf("%v; nothing was done", err)
		c.hint("it was taken on %s, where this machine cannot tell whether it still runs: check there that no apply runs, then remove %s by hand", held.Owner.Hostname, held.Path)
		return nil, false
	case held != nil:
		c.errorf("%v; nothing was done", err)
		c.hint("wait for it to end, or stop it; if pid %d is not an apply (a reused pid), remove %s by hand", held.Owner.PID, held.Path)
		return nil, false
	case errors.Is(err, runlock.ErrUnreadable):
		c.errorf("%v; nothing was done", err)
		c.hint("check that no apply runs on this environment, then remove the file by hand")
		return nil, false
	case err != nil:
		c.errorf("%v; nothing was done", err)
		return nil, false
	}
	if prev, took := l.TookOver(); took {
		c.errorf("stale lock from pid %d, which is no longer running; taking it over (%s: %s)", prev.PID, l.Path(), prev)
	}
	return func() {
		if err := l.Release(); err != nil {
			c.errorf("%v", err)
		}
	}, true
}

// lockUser names the user in the lock: the login from the environment,
// else the account running the process.
func (c *cli) lockUser() string {
	name := c.userName()
	if name == "unknown user" {
		if u, err := user.Current(); err == nil && u.Username != "" {
			name = u.Username
		}
	}
	return name
}
