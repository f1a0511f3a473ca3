package local

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"github.com/ecereconcile/ecereconcile/pkg/host"
)

// ErrServicesUnsupported is wrapped by service calls on a machine that is
// not Windows.
var ErrServicesUnsupported = errors.New("service control on this machine needs Windows")

// Host is the local machine under a spec host's name.
type Host struct {
	name string
}

var _ host.Host = (*Host)(nil)

// New returns the local machine as the spec host name.
func New(name string) host.Host { return &Host{name: name} }

// Name returns the spec host name.
func (h *Host) Name() string { return h.name }

// ReadFile reads path.
func (h *Host) ReadFile(ctx context.Context, path string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, unwrapPath(err))
	}
	return b, nil
}

// WriteFile atomically replaces path, creating its parent folders.
func (h *Host) WriteFile(ctx context.Context, path string, data []byte, perm fs.FileMode) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("writing %s: creating folder: %w", path, err)
	}
	return atomicfile.WriteFile(path, data, perm)
}

// CopyFile copies src to dst; dst must not exist.
func (h *Host) CopyFile(ctx context.Context, src, dst string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return atomicfile.CopyNew(src, dst)
}

// Remove deletes path.
func (h *Host) Remove(ctx context.Context, path string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("removing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath drops the *fs.PathError layer whose text repeats the path the
// caller's message already names, keeping the cause (and so errors.Is).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
