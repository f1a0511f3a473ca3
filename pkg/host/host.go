// Package host is how resources reach a server: its files and its services.
//
// A Host is one server of the spec (ece-web-a, ads-b). Paths are always the
// server's own paths as written in the spec — Windows paths stay Windows
// paths ("C:\Cisco\ECE\...") — and each transport maps them:
//
//	transport  path "C:\X\Y" means                       services
//	local      the path as given, on this machine        the local service manager
//	lab        <root>/C/X/Y below the host's folder      a JSON state file per service
//
// Invariants every transport keeps:
//
//   - ReadFile of a missing file returns an error wrapping fs.ErrNotExist.
//   - WriteFile is atomic: a reader sees the old bytes or the new bytes,
//     never a mix (temp file in the same folder, fsync, rename, fsync of the
//     folder). It creates missing parent folders.
//   - Nothing is logged or named after file contents.
package host

import (
	"context"
	"io/fs"
	"time"
)

// Files is file access on a host.
type Files interface {
	// ReadFile returns the file's bytes; a missing file is an error wrapping
	// fs.ErrNotExist.
	ReadFile(ctx context.Context, path string) ([]byte, error)
	// WriteFile replaces the file atomically with data, keeping the mode of
	// an existing file (perm is used for a new one).
	WriteFile(ctx context.Context, path string, data []byte, perm fs.FileMode) error
	// CopyFile copies src to dst (dst must not exist), preserving bytes; used
	// for backups.
	CopyFile(ctx context.Context, src, dst string) error
	// Remove deletes a file (test and crash-recovery support).
	Remove(ctx context.Context, path string) error
}

// ServiceStatus is what a host says about one service.
type ServiceStatus struct {
	Name      string    `json:"name"`
	Exists    bool      `json:"exists"`
	Running   bool      `json:"running"`
	StartedAt time.Time `json:"startedAt,omitzero"`
}

// Services is service control on a host.
type Services interface {
	// ServiceStatus reports a service; an unknown service is Exists=false,
	// not an error.
	ServiceStatus(ctx context.Context, name string) (ServiceStatus, error)
	// RestartService stops and starts a service and waits until it runs.
	RestartService(ctx context.Context, name string) error
}

// Host is one server of the spec.
type Host interface {
	Name() string
	Files
	Services
}
