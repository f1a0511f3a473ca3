package cli

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ecereconcile/ecereconcile/internal/version"
	"github.com/ecereconcile/ecereconcile/internal/views"
	"github.com/ecereconcile/ecereconcile/internal/wire"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// common are the flags shared by the commands that read a spec.
type common struct {
	spec        string
	parallelism int
	logFile     string
	// stateless commands (validate, graph) neither read nor need the state
	// folder: a damaged journal must not stop them.
	stateless bool
	// applying: operator tasks of the manual ECE backend are shown (on
	// taskOut) and confirmed (confirmManual: confirmed without asking).
	applying, confirmManual bool
	taskOut                 io.Writer
}

func (co *common) register(fs *flag.FlagSet) {
	fs.StringVar(&co.spec, "f", "", "the environment spec (YAML)")
	fs.IntVar(&co.parallelism, "parallelism", 10, "how many resources to read or apply at once")
	fs.StringVar(&co.logFile, "log", "", "write a JSON log of every read and apply to this file")
}

// env is a loaded spec and everything built from it.
type env struct {
	spec    *spec.Spec
	graph   *plan.Graph
	opts    plan.Options
	closeFn func()
}

func (e *env) close() {
	if e.closeFn != nil {
		e.closeFn()
	}
}

// meta describes the run for views.
func (e *env) meta() views.Meta {
	return views.Meta{
		Environment: e.spec.Metadata.Name,
		SpecFile:    e.spec.File,
		SpecHash:    e.spec.Hash,
		ToolVersion: version.String(),
		Describe: func(a resources.Addr) string {
			if d, ok := e.graph.Resource(a).(resources.Describer); ok {
				return d.Describe()
			}
			return ""
		},
	}
}

// load reads and validates the spec, builds its resources and graph, and
// prepares the engine options. Spec errors are printed as FILE:LINE:COL
// lines; the returned bool is false when the caller must exit 1.
func (c *cli) load(co common, hooks ...plan.Hook) (*env, bool) {
	if co.spec == "" {
		c.errorf("no spec given")
		c.hint("pass the environment spec with -f SPEC")
		return nil, false
	}
	if err := plan.ValidateParallelism(co.parallelism); err != nil {
		c.errorf("--parallelism: %v", err)
		return nil, false
	}
	sp, err := spec.Load(co.spec)
	if err != nil {
		c.specErrors(err)
		return nil, false
	}
	lookup := c.io.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	we := wire.Env{Now: c.io.Now, LookupEnv: lookup}
	if co.applying {
		out := co.taskOut
		if out == nil {
			out = c.io.Stdout
		}
		we.ConfirmManual = c.operatorTasks(co.confirmManual, out)
	}
	rs, err := wire.Resources(sp, we)
	if err != nil {
		c.errorf("%s: %v", co.spec, err)
		return nil, false
	}
	g, err := plan.NewGraph(rs)
	if err != nil {
		c.errorf("%s: %v", co.spec, err)
		return nil, false
	}
	var j plan.Journal = plan.NewMemJournal()
	if !co.stateless {
		fj, err := plan.OpenFileJournal(sp.Metadata.StateDir)
		if err != nil {
			c.errorf("%s: state: %v", co.spec, err)
			return nil, false
		}
		j = fj
	}
	e := &env{spec: sp, graph: g}
	if co.logFile != "" {
		lh, closeFn, err := newLogHook(co.logFile, sp.Metadata.Name)
		if err != nil {
			c.errorf("--log: %v", err)
			return nil, false
		}
		hooks = append(hooks, lh)
		e.closeFn = closeFn
	}
	e.opts = plan.Options{
		Parallelism: co.parallelism,
		Now:         c.io.Now,
		Journal:     j,
		Hooks:       plan.MultiHook(hooks...),
	}
	return e, true
}

// specErrors prints a spec's errors one per line, then a summary; a spec
// that could not be read at all is said to be that, not invalid.
func (c *cli) specErrors(err error) {
	if len(spec.FieldErrors(err)) == 0 {
		c.errorf("%v", err)
		c.errorf("the spec could not be read; nothing was read or written")
		return
	}
	fmt.Fprintln(c.io.Stderr, err.Error())
	c.errorf("the spec is invalid; nothing was read or written")
}
