package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/ecereconcile/ecereconcile/internal/shellquote"
	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	labinit "github.com/ecereconcile/ecereconcile/pkg/lab"
	"github.com/ecereconcile/ecereconcile/pkg/spogjs"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
	"github.com/ecereconcile/ecereconcile/pkg/winops/labwin"
)

type demoStep struct {
	title string
	args  []string
	want  int
}

func runDemo(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("demo", "[--dir DIR]")
	dir := fs.String("dir", "", "create the lab here and keep it (default: a temporary folder, removed at the end)")
	if _, err := parse(fs, args); err != nil {
		return flagExit(err)
	}
	root := *dir
	if root == "" {
		tmp, err := os.MkdirTemp("", "ecereconcile-demo-")
		if err != nil {
			c.errorf("demo: %v", err)
			return ExitError
		}
		defer os.RemoveAll(tmp)
		root = filepath.Join(tmp, "lab")
	}
	out := c.io.Stdout
	say := func(format string, a ...any) { fmt.Fprintf(out, format, a...) }

	say("== 1. Create a lab: two ECE web servers, two app servers, a data server, two PCCE ADS\n$ ecereconcile lab init --dir %s\n", shellquote.Quote(root))
	l, err := labinit.Init(root, labinit.Options{Now: c.io.Now, Rand: rand.Reader})
	if err != nil {
		c.errorf("demo: lab init: %v", err)
		return ExitError
	}
	say("\n$ ecereconcile lab serve --dir %s &   (here: in-process)\n", shellquote.Quote(root))
	srv, err := labinit.Start(root, c.io.Now)
	if err != nil {
		c.errorf("demo: lab serve: %v", err)
		return ExitError
	}
	defer srv.Close()
	say("Active Directory (LDAPS Global Catalog) at %s, PCCE at %s\n", srv.Endpoints.LDAPS, srv.Endpoints.PCCE)
	specPath := l.SpecPath
	planPath := filepath.Join(root, "change.plan")
	steps := []demoStep{
		{"2. Validate the spec", []string{"validate", "-f", specPath}, ExitOK},
		{"3. Plan and save it, as for a change ticket: every server needs changes, the UCCE integration is irreversible (exit code 2 = changes)",
			[]string{"plan", "-f", specPath, "--out", planPath, "--allow-irreversible", "--detailed-exitcode"}, ExitChanges},
		{"4. Apply exactly the reviewed plan, in dependency order", []string{"apply", planPath}, ExitOK},
		{"5. Plan again: nothing left to do (exit code 0)", []string{"plan", "-f", specPath, "--detailed-exitcode"}, ExitOK},
		{"6. Verify: the tech note's validation and troubleshooting checks pass (PKIX from every ADS, the FQDN in the certificate, Cisco Service, LDAP, inventory, agent channels)",
			[]string{"verify", "-f", specPath}, ExitOK},
	}
	if code := c.demoSteps(ctx, steps); code != ExitOK {
		return code
	}

	say("\n== 7. Someone changes reality by hand\n")
	if err := demoBreak(ctx, c, l); err != nil {
		c.errorf("demo: %v", err)
		return ExitError
	}
	steps = []demoStep{
		{"8. Drift: exit code 2 and the resources that moved", []string{"drift", "-f", specPath}, ExitChanges},
		{"9. Verify names what SPOG would show before anyone opens it: PKIX path building failed from ads-a (exit code 1)", []string{"verify", "-f", specPath}, ExitError},
		{"10. Apply converges again (the integration is already saved, so nothing irreversible is left)", []string{"apply", "-f", specPath, "--auto-approve"}, ExitOK},
		{"11. Drift: in sync (exit code 0)", []string{"drift", "-f", specPath}, ExitOK},
	}
	if code := c.demoSteps(ctx, steps); code != ExitOK {
		return code
	}
	say("\nDemo complete: planned, applied, detected drift and converged again.\n")
	if *dir != "" {
		say("The lab is kept in %s. Its simulators stopped with the demo; to go on:\n  ecereconcile lab serve --dir %s &\n  ecereconcile plan -f %s\n", root, shellquote.Quote(root), shellquote.Quote(specPath))
	}
	return ExitOK
}

func (c *cli) demoSteps(ctx context.Context, steps []demoStep) int {
	for _, s := range steps {
		fmt.Fprintf(c.io.Stdout, "\n== %s\n$ ecereconcile %s\n", s.title, shellquote.Join(s.args))
		code := Run(ctx, s.args, c.io)
		if code != s.want {
			c.errorf("demo: step %q exited %d, expected %d", s.title, code, s.want)
			return ExitError
		}
		fmt.Fprintf(c.io.Stdout, "(exit code %d)\n", code)
	}
	return ExitOK
}

// demoBreak removes the ECE certificate from ads-a's cacerts (with keytool
// when it is installed, as an operator would), sets ece-web-b's
// spog_config.js back to http and switches SNI on in ece-web-a's binding.
func demoBreak(ctx context.Context, c *cli, l *labinit.Lab) error {
	out := c.io.Stdout
	cacerts := l.HostPath("ads-a", labinit.CacertsPath)
	if kt, err := exec.LookPath("keytool"); err == nil {
		// The password goes through the environment, as an operator
		// should pass it: never on a command line that is printed.
		args := []string{"-delete", "-alias", labinit.ECEFQDN, "-keystore", cacerts, "-storepass:env", "CACERTS_PASS"}
		fmt.Fprintf(out, "$ keytool %s\n", shellquote.Join(args))
		cmd := exec.CommandContext(ctx, kt, args...)
		cmd.Env = append(os.Environ(), "CACERTS_PASS="+labinit.CacertsPassword)
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("keytool -delete: %v: %s", err, b)
		}
	} else {
		fmt.Fprintf(out, "(keytool not found; removing alias %s from ads-a's cacerts with ecereconcile's own reader)\n", labinit.ECEFQDN)
		if err := deleteAlias(cacerts, labinit.ECEFQDN); err != nil {
			return err
		}
	}
	spog := l.HostPath("ece-web-b", labinit.SpogConfigPath)
	b, err := os.ReadFile(spog)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "(an operator edits %s on ece-web-b: web_server_protocol back to \"http\")\n", labinit.SpogConfigPath)
	b, err = spogjs.Set(b, map[string]string{spogjs.NameProtocol: "http"})
	if err != nil {
		return err
	}
	if err := os.WriteFile(spog, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "(an operator ticks \"Require Server Name Indication\" on the https binding of ece-web-a in IIS Manager)\n")
	iis := labwin.New(labinit.HostDir(l.Dir, "ece-web-a"))
	site, err := iis.Site(ctx, winops.DefaultSite)
	if err != nil {
		return err
	}
	for _, bd := range site.Bindings {
		if bd.Protocol == "https" {
			sni := bd
			sni.SSLFlags |= winops.SSLFlagSNI
			return iis.SetSiteBinding(ctx, winops.DefaultSite, &bd, sni)
		}
	}
	return fmt.Errorf("ece-web-a has no https binding to change")
}

func deleteAlias(path, alias string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	ks, err := javaks.Decode(b, []byte(labinit.CacertsPassword), javaks.JKS)
	if err != nil {
		return err
	}
	ks.Delete(alias)
	nb, err := ks.Encode([]byte(labinit.CacertsPassword), javaks.EncodeOptions{Rand: rand.Reader})
	if err != nil {
		return err
	}
	return os.WriteFile(path, nb, 0o644)
}
