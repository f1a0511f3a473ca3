package cli

import (
	"bytes"
	"context"
	"flag"
	"strings"
	"testing"
)

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, IO{Stdout: &out, Stderr: &errb, LookupEnv: func(string) (string, bool) { return "", false }})
	return code, out.String(), errb.String()
}

func TestRunErrors(t *testing.T) {
	tests := map[string]struct {
		args     []string
		code     int
		inStderr string
	}{
		"no command":         {nil, ExitError, ""},
		"unknown command":    {[]string{"destroy"}, ExitError, `unknown command "destroy"`},
		"plan without spec":  {[]string{"plan"}, ExitError, "hint: pass the environment spec with -f SPEC"},
		"bad parallelism":    {[]string{"plan", "-f", "x.yaml", "--parallelism", "0"}, ExitError, "--parallelism"},
		"bad format":         {[]string{"drift", "-f", "x.yaml", "--format", "yaml"}, ExitError, `unknown format "yaml"`},
		"missing spec file":  {[]string{"validate", "-f", "/nonexistent/spec.yaml"}, ExitError, "/nonexistent/spec.yaml"},
		"lab without init":   {[]string{"lab"}, ExitError, "want a subcommand: init"},
		"lab init no dir":    {[]string{"lab", "init"}, ExitError, "--dir is required"},
		"apply two plans":    {[]string{"apply", "a.plan", "b.plan"}, ExitError, "at most one saved plan"},
		"unreadable plan":    {[]string{"apply", "/nonexistent/x.plan"}, ExitError, "/nonexistent/x.plan"},
		"help is not error":  {[]string{"help"}, ExitOK, ""},
		"flag help is not 1": {[]string{"plan", "-h"}, ExitOK, "Usage: ecereconcile plan"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.inStderr) {
				t.Errorf("exit %d (want %d), stderr:\n%s\nwant it to contain %q", code, tt.code, stderr, tt.inStderr)
			}
		})
	}
}

func TestParseFlagsAfterPositional(t *testing.T) {
	fs := flag.NewFlagSet("apply", flag.ContinueOnError)
	n := fs.Int("parallelism", 10, "")
	auto := fs.Bool("auto-approve", false, "")
	pos, err := parse(fs, []string{"ticket.plan", "--parallelism", "4", "--auto-approve"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pos) != 1 || pos[0] != "ticket.plan" || *n != 4 || !*auto {
		t.Errorf("pos %v parallelism %d auto %v", pos, *n, *auto)
	}
}
