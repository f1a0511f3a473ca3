package wire

import (
	"errors"

	"github.com/ecereconcile/ecereconcile/pkg/host/local"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// openLocal is the machine ecereconcile runs on: files and services here;
// Windows operations through powershell.exe.
func openLocal(h spec.Host) (*server, error) {
	return &server{Host: local.New(h.Name), windowsErr: errors.New("TODO pwsh")}, nil
}

func openWinRM(h spec.Host, env Env) (*server, error) {
	return nil, errors.New("TODO winrm")
}
