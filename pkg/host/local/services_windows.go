//go:build windows

package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

// restartTimeout bounds one Restart-Service, which is not cancelled with
// the caller's context.
const restartTimeout = 10 * time.Minute

// ServiceStatus reports a service through Get-Service; an unknown service is
// Exists=false.
func (h *Host) ServiceStatus(ctx context.Context, name string) (host.ServiceStatus, error) {
	if err := checkServiceName(name); err != nil {
		return host.ServiceStatus{}, err
	}
	out, err := runPowerShell(ctx, statusScript, name)
	if err != nil {
		return host.ServiceStatus{}, fmt.Errorf("service %s: reading status: %w", name, err)
	}
	return parseStatus(name, out)
}

// RestartService restarts a service through Restart-Service and waits until
// it runs.
func (h *Host) RestartService(ctx context.Context, name string) error {
	if err := checkServiceName(name); err != nil {
		return err
	}
	// A restart is stop then start: once begun it runs to the end even when
	// the caller is interrupted, or Tomcat could be left stopped.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restartTimeout)
	defer cancel()
	_, err := runPowerShell(rctx, restartScript, name)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == exitNotFound {
		return fmt.Errorf("restarting service %s: service not found", name)
	}
	if err != nil {
		return fmt.Errorf("restarting service %s: %w", name, err)
	}
	return nil
}

// runPowerShell runs a constant script with the service name in its
// environment and returns its standard output.
func runPowerShell(ctx context.Context, script, name string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "powershell.exe", powershellArgs(script)...)
	cmd.Env = append(childEnv(os.Environ()), serviceEnv+"="+name)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := clip(stderr.String()); msg != "" {
			return nil, fmt.Errorf("powershell: %w: %s", err, msg)
		}
		return nil, fmt.Errorf("powershell: %w", err)
	}
	return stdout.Bytes(), nil
}
