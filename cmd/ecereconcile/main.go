// Command ecereconcile reconciles the Cisco ECE and PCCE integration to a
// declarative spec. See README.md and DESIGN.md; everything lives in
// internal/cli, this file only wires the process to it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/ecereconcile/ecereconcile/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.IO{
		Stdin:      os.Stdin,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		StdinIsTTY: term.IsTerminal(int(os.Stdin.Fd())),
		LookupEnv:  os.LookupEnv,
		Now:        time.Now,
	})
	stop()
	os.Exit(code)
}
