// Command ecereconcile reconciles the Cisco ECE and PCCE integration to a
// declarative spec. See README.md and DESIGN.md; everything lives in
// internal/cli, this file only wires the process to it.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/ecereconcile/ecereconcile/internal/cli"
)

// nowEnv pretends the time is another (RFC 3339), so a user can rehearse
// what plan will do on that day (certificate renewals); the clock then runs
// on from it.
const nowEnv = "ECERECONCILE_NOW"

func main() {
	now := time.Now
	if v, ok := os.LookupEnv(nowEnv); ok {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ecereconcile: %s: want a time like 2027-01-31T12:00:00Z, got %q\n", nowEnv, v)
			os.Exit(1)
		}
		offset := time.Until(t)
		now = func() time.Time { return time.Now().Add(offset) }
	}
	stdoutTTY := term.IsTerminal(int(os.Stdout.Fd())) && enableVT(os.Stdout)
	width := 0 // unknown: the live progress assumes 80
	if stdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			width = w
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.IO{
		Stdin:       os.Stdin,
		Stdout:      os.Stdout,
		Stderr:      os.Stderr,
		StdinIsTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		StdoutIsTTY: stdoutTTY,
		StdoutWidth: width,
		LookupEnv:   os.LookupEnv,
		Now:         now,
	})
	stop()
	os.Exit(code)
}
