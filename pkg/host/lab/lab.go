package lab

import (
	"context"
	"io/fs"
	"sync"
	"time"

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
	disk    host.Disk // files below root

	mu sync.Mutex // serialises service read-modify-write
}

var _ host.Host = (*Host)(nil)

// New returns the lab host name whose files and services live below root.
func New(name, root string, opts ...Option) host.Host {
	h := &Host{name: name, root: root, now: time.Now}
	h.disk = host.Disk{Map: func(p string) (string, error) { return ToLocal(root, p) }}
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
	return h.disk.ReadFile(ctx, path)
}

// WriteFile atomically replaces the file standing for path, creating its
// parent folders.
func (h *Host) WriteFile(ctx context.Context, path string, data []byte, perm fs.FileMode) error {
	if err := h.wait(ctx); err != nil {
		return err
	}
	return h.disk.WriteFile(ctx, path, data, perm)
}

// CopyFile copies src to dst; dst must not exist.
func (h *Host) CopyFile(ctx context.Context, src, dst string) error {
	if err := h.wait(ctx); err != nil {
		return err
	}
	return h.disk.CopyFile(ctx, src, dst)
}

// Remove deletes the file standing for path.
func (h *Host) Remove(ctx context.Context, path string) error {
	if err := h.wait(ctx); err != nil {
		return err
	}
	return h.disk.Remove(ctx, path)
}
