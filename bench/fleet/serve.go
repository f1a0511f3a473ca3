package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/lab"
	"github.com/ecereconcile/ecereconcile/pkg/lab/faults"
)

// serveLabs is `fleet serve DIR=LATENCY...`: it serves each lab with
// that latency in its PCCE simulator and directory, prints "ready", and
// stops when its stdin closes.
func serveLabs(args []string, stdin io.Reader, stdout io.Writer) error {
	var servers []*lab.Server
	defer func() {
		for _, s := range servers {
			s.Close()
		}
	}()
	for _, a := range args {
		dir, lat, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("serve: %q is not DIR=LATENCY", a)
		}
		d, err := time.ParseDuration(lat)
		if err != nil {
			return fmt.Errorf("serve: %s: %w", a, err)
		}
		set := faults.Set{PCCE: faults.PCCE{Latency: d}, LDAPLatency: d}
		s, err := lab.StartWith(dir, lab.ServeOptions{Faults: &set})
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		servers = append(servers, s)
	}
	if _, err := fmt.Fprintln(stdout, "ready"); err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, stdin)
	return nil
}

// served runs `fleet serve` on the labs and returns a function that stops
// it.
func served(self string, labs map[string]time.Duration) (stop func() error, err error) {
	args := []string{"serve"}
	for dir, d := range labs {
		args = append(args, dir+"="+d.String())
	}
	cmd := newCmd(self, args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line := make([]byte, len("ready\n"))
	if _, err := io.ReadFull(out, line); err != nil || string(line) != "ready\n" {
		_ = in.Close()
		_ = cmd.Wait()
		return nil, fmt.Errorf("fleet serve did not start: %q %v", line, err)
	}
	return func() error {
		_ = in.Close()
		return cmd.Wait()
	}, nil
}
