package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitError   = 1
	ExitChanges = 2 // plan --detailed-exitcode: changes; drift: drift
)

// IO is the outside world of one run.
type IO struct {
	Stdin      io.Reader
	Stdout     io.Writer
	Stderr     io.Writer
	StdinIsTTY bool
	// StdoutIsTTY: a person watches stdout, so apply may redraw a live
	// progress display; otherwise progress is plain lines (or none).
	StdoutIsTTY bool
	// StdoutWidth is the terminal's width in columns when StdoutIsTTY;
	// the live progress cuts its lines to it so that none wraps (a wrapped
	// line breaks the redraw). 0 when unknown: 80.
	StdoutWidth int
	LookupEnv   func(string) (string, bool)
	Now         func() time.Time
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, c *cli, args []string) int
}

func commands() []command {
	return []command{
		{"validate", "check a spec: exit 0 valid, 1 invalid", runValidate},
		{"plan", "read reality and show what apply would change", runPlan},
		{"apply", "converge reality to a spec, or apply a saved plan exactly", runApply},
		{"drift", "tell whether reality still matches: exit 0 in sync, 2 drift, 1 error", runDrift},
		{"graph", "print the dependency graph as DOT", runGraph},
		{"verify", "the tech note's validation and troubleshooting checks: exit 0 all pass, 1 a check failed", runVerify},
		{"schema", "print the JSON Schema of the spec (for YAML editors)", runSchema},
		{"completion", "print a shell completion script: bash, zsh, fish or powershell", runCompletion},
		{"lab", "lab init --dir DIR: create a lab; lab serve --dir DIR: run its simulators", runLab},
		{"demo", "the whole story against a lab in a temporary folder", runDemo},
		{"version", "print the version", runVersion},
	}
}

type cli struct {
	io IO
	// in reads the operator's answers; one reader for the whole run so
	// that nothing typed ahead is lost between prompts.
	in *bufio.Reader
	// flagSink, when set, receives every FlagSet a command creates: shell
	// completion learns each command's flags by running it with -h.
	flagSink func(name string, fs *flag.FlagSet)
}

// Run runs one command line (without the program name) and returns its exit
// code.
func Run(ctx context.Context, args []string, stdio IO) int {
	if stdio.Now == nil {
		stdio.Now = time.Now
	}
	if stdio.Stdin == nil {
		stdio.Stdin = strings.NewReader("")
	}
	c := &cli{io: stdio, in: bufio.NewReader(stdio.Stdin)}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		c.usage(stdio.Stdout)
		if len(args) == 0 {
			return ExitError
		}
		return ExitOK
	}
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			return cmd.run(ctx, c, args[1:])
		}
	}
	c.errorf("unknown command %q", args[0])
	c.hint("run 'ecereconcile help' for the list of commands")
	return ExitError
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "ecereconcile: desired-state reconciler for the Cisco ECE and PCCE integration")
	fmt.Fprintln(w, "\nUsage: ecereconcile <command> [flags]\n\nCommands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w, "\nRun 'ecereconcile <command> -h' for a command's flags.")
}

func (c *cli) errorf(format string, args ...any) {
	fmt.Fprintf(c.io.Stderr, "ecereconcile: "+format+"\n", args...)
}

func (c *cli) hint(format string, args ...any) {
	fmt.Fprintf(c.io.Stderr, "hint: "+format+"\n", args...)
}

// newFlags returns a FlagSet that reports errors to stderr and does not exit.
func (c *cli) newFlags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.io.Stderr)
	if c.flagSink != nil {
		c.flagSink(name, fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(c.io.Stderr, "Usage: ecereconcile %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before or after positional arguments
// ("apply PLAN --parallelism 4") and returns the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// flagExit maps a flag parsing error to an exit code (-h is not an error).
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitError
}

// readLine reads one answer from the operator; it returns ctx's error as
// soon as ctx is done (Ctrl-C at a prompt), without waiting for the line.
func (c *cli) readLine(ctx context.Context) (string, error) {
	type answer struct {
		line string
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		line, err := c.in.ReadString('\n')
		ch <- answer{line, err}
	}()
	select {
	case a := <-ch:
		if a.err != nil && a.line == "" {
			return "", a.err
		}
		return strings.TrimSpace(a.line), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
