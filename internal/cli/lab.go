package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ecereconcile/ecereconcile/pkg/lab"
	"github.com/ecereconcile/ecereconcile/pkg/lab/faults"
)

// labFaultsHelp ends lab serve's usage.
const labFaultsHelp = `
Faults (for trials and tests): --pcce-faults and --ldap-down are written into DIR/faults
(a start without them writes "none": faults of an earlier serve do not carry over),
which lab serve applies and then watches: edit it while serving to change the faults
(its content replaces them whole; an empty or missing file is no fault). Its items,
separated by commas, spaces or new lines (# starts a comment):
  latency=50ms     every PCCE answer delayed
  fail=0.2         a share of PCCE requests answered 503 before processing (seed=N: reproducible draws)
  fail-next=3      the next 3 PCCE requests answered 503 (status=500: with that status instead)
  conflict=2       the next 2 PUTs answered 409 (changeStamp mismatch)
  drop=POST:1      the next POST processed, its answer lost (connection closed); METHOD: optional
  drop-before=1    the next request's connection closed before processing
  hang=1           the next request never answered: the client waits its timeout (pcce.requestTimeout)
  ldap=down        the Active Directory refuses connections (ldap=up, or remove the line: back)
  ldap-latency=50ms each new connection to the Active Directory delayed
DIR/ready holds the faults in force ("faults": ...), rewritten when they change.
`

func runLab(ctx context.Context, c *cli, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "init":
			return c.labInit(args[1:])
		case "serve":
			return c.labServe(ctx, args[1:])
		}
	}
	c.errorf("lab: want a subcommand: init or serve")
	c.hint("ecereconcile lab init --dir DIR; ecereconcile lab serve --dir DIR")
	return ExitError
}

func (c *cli) labInit(args []string) int {
	fs := c.newFlags("lab init", "--dir DIR")
	dir := fs.String("dir", "", "folder to create the lab in (must not exist or be empty)")
	if _, err := parse(fs, args); err != nil {
		return flagExit(err)
	}
	if *dir == "" {
		c.errorf("lab init: --dir is required")
		return ExitError
	}
	l, err := lab.Init(*dir, lab.Options{Now: c.io.Now, Rand: rand.Reader})
	if err != nil {
		c.errorf("lab init: %v", err)
		return ExitError
	}
	fmt.Fprintf(c.io.Stdout, "Created a lab with %d hosts in %s.\nIts spec: %s\nNext: ecereconcile lab serve --dir %s (in another terminal), then ecereconcile plan -f %s\n",
		len(l.Hosts), l.Dir, l.SpecPath, l.Dir, l.SpecPath)
	return ExitOK
}

// labServe runs the lab's simulators in the foreground until interrupted,
// creating the lab first when the folder is missing or empty.
func (c *cli) labServe(ctx context.Context, args []string) int {
	flags := c.newFlags("lab serve", "--dir DIR [--pcce-faults LIST] [--ldap-down]")
	dir := flags.String("dir", "", "the lab folder (created with lab init when missing or empty)")
	pcceFaults := flags.String("pcce-faults", "", "faults of the PCCE simulator, e.g. 'fail=0.2,seed=7,latency=50ms,fail-next=3,status=500,conflict=2,drop=POST:1,drop-before=1,hang=1'")
	ldapDown := flags.Bool("ldap-down", false, "start with the Active Directory down (connections refused on its port)")
	flags.Usage = func() {
		fmt.Fprintf(c.io.Stderr, "Usage: ecereconcile lab serve --dir DIR [--pcce-faults LIST] [--ldap-down]\n\nFlags:\n")
		flags.PrintDefaults()
		fmt.Fprint(c.io.Stderr, labFaultsHelp)
	}
	if _, err := parse(flags, args); err != nil {
		return flagExit(err)
	}
	if *dir == "" {
		c.errorf("lab serve: --dir is required")
		return ExitError
	}
	// A start without fault flags starts without faults: DIR/faults is
	// rewritten, so an earlier trial's --ldap-down does not linger.
	opts := lab.ServeOptions{Now: c.io.Now, Faults: &faults.Set{}}
	if *pcceFaults != "" || *ldapDown {
		p, err := faults.ParsePCCE(*pcceFaults)
		if err != nil {
			c.errorf("lab serve: --pcce-faults: %v", err)
			c.hint("keys: latency=DUR fail=SHARE seed=N fail-next=N status=CODE conflict=N drop=[METHOD:]N drop-before=[METHOD:]N hang=N")
			return ExitError
		}
		opts.Faults = &faults.Set{PCCE: p, LDAPDown: *ldapDown}
	}
	opts.OnFaults = func(set faults.Set, err error) {
		if err != nil {
			c.errorf("lab serve: %v (the faults stay: %s)", err, set)
			return
		}
		fmt.Fprintf(c.io.Stdout, "Faults now: %s\n", set)
	}
	if _, err := os.Stat(filepath.Join(*dir, lab.SpecFile)); errors.Is(err, fs.ErrNotExist) {
		if _, err := lab.Init(*dir, lab.Options{Now: c.io.Now, Rand: rand.Reader}); err != nil {
			c.errorf("lab serve: %v", err)
			return ExitError
		}
	}
	var served *lab.Server
	err := lab.ServeWith(ctx, *dir, opts, func(s *lab.Server) {
		served = s
		fmt.Fprintf(c.io.Stdout, "Lab %s is served:\n  Active Directory (LDAPS Global Catalog): %s\n  PCCE (Unified Config REST API): %s\nEndpoints written into %s; %s created.\nFaults: %s (change them by editing %s while serving)\nStop with Ctrl-C.\n",
			s.Dir, s.Endpoints.LDAPS, s.Endpoints.PCCE, filepath.Join(s.Dir, lab.SpecFile), filepath.Join(s.Dir, lab.ReadyFile),
			s.Faults(), filepath.Join(s.Dir, lab.FaultsFile))
	})
	if err != nil {
		c.errorf("lab serve: %v", err)
		return ExitError
	}
	st := served.PCCEStats()
	fmt.Fprintf(c.io.Stdout, "Stopped. PCCE answered %d request(s); injected: %d failed, %d conflict(s), %d dropped, %d hung.\n",
		st.Total, st.Failed, st.Conflicts, st.Dropped, st.Hung)
	return ExitOK
}
