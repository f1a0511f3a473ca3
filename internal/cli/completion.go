package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ecereconcile/ecereconcile/internal/views"
)

// shells are the shells 'completion' writes a script for.
var shells = []string{"bash", "zsh", "fish", "powershell"}

// formatValues are the --format values each command accepts.
var formatValues = map[string][]string{
	"plan":   formatNames(views.PlanFormats),
	"apply":  formatNames(views.ApplyFormats),
	"drift":  formatNames(views.DriftFormats),
	"verify": formatNames(verifyFormats),
}

func formatNames(fs []views.Format) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.String()
	}
	return names
}

// complFlag is one flag as completion offers it.
type complFlag struct {
	name   string // without dashes
	usage  string
	value  bool     // takes a value (not a boolean switch)
	values []string // the closed set of values, if any
	path   string   // "file" or "dir" when the value is a path
}

// dashed is the flag as typed: -f for one letter, --name otherwise (Go's
// flag package accepts both spellings).
func (f complFlag) dashed() string {
	if len(f.name) == 1 {
		return "-" + f.name
	}
	return "--" + f.name
}

// complCmd is a command (or "lab init") with its flags and positional
// arguments.
type complCmd struct {
	name    string // "plan", "lab init"
	summary string
	flags   []complFlag
	args    []string // closed set of positional words (subcommands, shells)
	argPath string   // "file" when positional arguments are paths
}

func runCompletion(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("completion", "bash|zsh|fish|powershell")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 1 {
		c.errorf("completion: want one shell: %s", strings.Join(shells, ", "))
		c.hint("bash: source <(ecereconcile completion bash); see README.md for the others")
		return ExitError
	}
	cmds := c.completionTree(ctx)
	var w func(io.Writer, []complCmd) error
	switch pos[0] {
	case "bash":
		w = writeBash
	case "zsh":
		w = writeZsh
	case "fish":
		w = writeFish
	case "powershell", "pwsh":
		w = writePowerShell
	default:
		c.errorf("completion: unknown shell %q (want %s)", pos[0], strings.Join(shells, ", "))
		return ExitError
	}
	if err := w(c.io.Stdout, cmds); err != nil {
		c.errorf("completion: %v", err)
		return ExitError
	}
	return ExitOK
}

// completionTree learns every command's flags by running it with -h
// against a silent IO: each command declares its flags before doing
// anything, and -h stops it right there.
func (c *cli) completionTree(ctx context.Context) []complCmd {
	var out []complCmd
	for _, cmd := range commands() {
		switch cmd.name {
		case "lab":
			out = append(out, complCmd{name: "lab", summary: cmd.summary, args: []string{"init", "serve"}})
			for _, sub := range []string{"init", "serve"} {
				out = append(out, c.introspect(ctx, cmd, "lab "+sub, []string{sub}))
			}
		default:
			cc := c.introspect(ctx, cmd, cmd.name, nil)
			switch cmd.name {
			case "apply":
				cc.argPath = "file" // a saved plan
			case "completion":
				cc.args = shells
			}
			out = append(out, cc)
		}
	}
	return out
}

func (c *cli) introspect(ctx context.Context, cmd command, name string, prefix []string) complCmd {
	cc := complCmd{name: name, summary: cmd.summary}
	var sets []*flag.FlagSet
	child := &cli{
		io: IO{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Now: c.io.Now,
			LookupEnv: func(string) (string, bool) { return "", false }},
		flagSink: func(_ string, fs *flag.FlagSet) { sets = append(sets, fs) },
	}
	child.in = bufio.NewReader(child.io.Stdin)
	cmd.run(ctx, child, append(append([]string{}, prefix...), "-h"))
	// The flags are declared by now (-h stops a command in parse).
	for _, fs := range sets {
		fs.VisitAll(func(f *flag.Flag) { cc.flags = append(cc.flags, describeFlag(cmd.name, f)) })
	}
	sort.Slice(cc.flags, func(i, j int) bool { return cc.flags[i].name < cc.flags[j].name })
	return cc
}

func describeFlag(cmd string, f *flag.Flag) complFlag {
	cf := complFlag{name: f.Name, usage: firstLine(f.Usage), value: true}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		cf.value = false
	}
	switch f.Name {
	case "f", "out", "log":
		cf.path = "file"
	case "dir":
		cf.path = "dir"
	case "format":
		cf.values = formatValues[cmd]
	}
	return cf
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func commandNames(cmds []complCmd) []string {
	var names []string
	for _, c := range cmds {
		if !strings.Contains(c.name, " ") {
			names = append(names, c.name)
		}
	}
	return names
}

func flagNames(c complCmd) []string {
	var names []string
	for _, f := range c.flags {
		names = append(names, f.dashed())
	}
	return names
}

// errWriter-style helper: the first write error wins.
type scriptWriter struct {
	w   io.Writer
	err error
}

func (s *scriptWriter) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}
