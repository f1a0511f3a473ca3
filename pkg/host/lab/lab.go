package lab

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"github.com/ecereconcile/ecereconcile/pkg/host"
)

// Option configures a lab host.
type Option func(*Host)

// WithClock sets the clock that stamps service restarts (default time.Now;
// a nil clock keeps the default).
func WithClock(now func() time.Time) Option {
	return func(h *Host) {
		if now != nil {
			h.now = now
		}
	}
}

// WithLatency makes every call wait d before acting; a cancelled context
// ends the wait with the context's error.
func WithLatency(d time.Duration) Option {
	return func(h *Host) { h.latency = d }
}

// Host is a lab host: a folder standing for one server.
type Host struct {
	name    string
	root    string
	now     func() time.Time
	latency time.Duration

	mu sync.Mutex // serialises service read-modify-write
}

var _ host.Host = (*Host)(nil)

// New returns the lab host name whose files and services live below root.
func New(name, root string, opts ...Option) host.Host {
	h := &Host{name: name, root: root, now: time.Now}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Name returns the spec host name.
func (h *Host) Name() string { return h.name }

// Root returns the host's folder.
func (h *Host) Root() string { return h.root }

// wait models latency and checks the context before a call acts.
func (h *Host) wait(ctx context.Context) error {
	if h.latency <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(h.latency)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ReadFile reads the file standing for path.
func (h *Host) ReadFile(ctx context.Context, path string) ([]byte, error) {
	if err := h.wait(ctx); err != nil {
		return nil, err
	}
	local, err := ToLocal(h.root, path)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(local)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, unwrapPath(err))
	}
	return b, nil
}

// WriteFile atomically replaces the file standing for path, creating its
// parent folders.
func (h *Host) WriteFile(ctx context.Context, path string, data []byte, perm fs.FileMode) error {
	if err := h.wait(ctx); err != nil {
		return err
	}
	local, err := ToLocal(h.root, path)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
		return fmt.Errorf("writing %s: creating folder: %w", path, unwrapPath(err))
	}
	if err := atomicfile.WriteFile(local, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// CopyFile copies src to dst; dst must not exist.
func (h *Host) CopyFile(ctx context.Context, src, dst string) error {
	if err := h.wait(ctx); err != nil {
		return err
	}
	ls, err := ToLocal(h.root, src)
	if err != nil {
		return err
	}
	ld, err := ToLocal(h.root, dst)
	if err != nil {
		return err
	}
	if err := atomicfile.CopyNew(ls, ld); err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	return nil
}

// Remove deletes the file standing for path.
func (h *Host) Remove(ctx context.Context, path string) error {
	if err := h.wait(ctx); err != nil {
		return err
	}
	local, err := ToLocal(h.root, path)
	if err != nil {
		return err
	}
	if err := os.Remove(local); err != nil {
		return fmt.Errorf("removing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath drops the *fs.PathError layer, keeping its cause.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
