package wire

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/host/local"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
	"github.com/ecereconcile/ecereconcile/pkg/winops/pwsh"
)

// openLocal is the machine ecereconcile runs on: files and services here;
// the Windows operations through powershell.exe (on Windows only).
func openLocal(h spec.Host) (*server, error) {
	s := &server{Host: local.New(h.Name)}
	if runtime.GOOS == "windows" {
		s.windows = pwsh.New(pwsh.LocalRunner{})
	} else {
		s.windowsErr = fmt.Errorf("host %s: certificates and IIS bindings need Windows: run ecereconcile on the web server, or reach it with a winrm connection", h.Name)
	}
	return s, nil
}

// openWinRM reaches a server over WinRM: its files, services and Windows
// operations all run as PowerShell there. The password and the CA bundle
// are read on first use, so validate and graph never need them.
func openWinRM(h spec.Host, env Env) (*server, error) {
	c := h.Connection
	auth, err := pwsh.ParseWinRMAuth(c.Auth)
	if err != nil {
		return nil, err
	}
	shown := c.Endpoint
	if u, err := url.Parse(c.Endpoint); err == nil {
		shown = u.Redacted()
	}
	r := &lazyRunner{build: func() (pwsh.Runner, error) {
		pw, err := c.Password.Resolve(env.LookupEnv)
		if err != nil {
			return nil, fmt.Errorf("winrm %s: %w", shown, err)
		}
		cfg := pwsh.WinRMConfig{Endpoint: c.Endpoint, User: c.User, Password: string(pw), Auth: auth}
		if c.CACertificate != "" {
			if cfg.CABundle, err = os.ReadFile(c.CACertificate); err != nil {
				return nil, fmt.Errorf("winrm %s: CA bundle: %w", shown, err)
			}
		}
		return pwsh.NewWinRMRunner(cfg)
	}}
	ph := pwsh.NewHost(h.Name, r)
	return &server{Host: ph, windows: ph.Windows()}, nil
}

// lazyRunner builds its runner on the first Run.
type lazyRunner struct {
	build func() (pwsh.Runner, error)
	once  sync.Once
	r     pwsh.Runner
	err   error
}

func (l *lazyRunner) Run(ctx context.Context, script string, stdin []byte) ([]byte, error) {
	l.once.Do(func() { l.r, l.err = l.build() })
	if l.err != nil {
		return nil, l.err
	}
	return l.r.Run(ctx, script, stdin)
}
