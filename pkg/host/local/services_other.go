//go:build !windows

package local

import (
	"context"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

// ServiceStatus fails: service control needs Windows.
func (h *Host) ServiceStatus(ctx context.Context, name string) (host.ServiceStatus, error) {
	return host.ServiceStatus{}, fmt.Errorf("service %s: %w", name, ErrServicesUnsupported)
}

// RestartService fails: service control needs Windows.
func (h *Host) RestartService(ctx context.Context, name string) error {
	return fmt.Errorf("restarting service %s: %w", name, ErrServicesUnsupported)
}
