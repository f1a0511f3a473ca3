package keystore

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

// memHost is an in-memory host.Host: a map of path to bytes. Services are
// not used by keystores.
type memHost struct {
	mu     sync.Mutex
	name   string
	files  map[string][]byte
	writes int // WriteFile calls
	copies int // CopyFile calls (backups)
}

var _ host.Host = (*memHost)(nil)

func newMemHost(name string) *memHost { return &memHost{name: name, files: map[string][]byte{}} }

func (h *memHost) Name() string { return h.name }

func (h *memHost) ReadFile(_ context.Context, path string) ([]byte, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	b, ok := h.files[path]
	if !ok {
		return nil, fmt.Errorf("reading %s: %w", path, fs.ErrNotExist)
	}
	return append([]byte(nil), b...), nil
}

func (h *memHost) WriteFile(_ context.Context, path string, data []byte, _ fs.FileMode) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.writes++
	h.files[path] = append([]byte(nil), data...)
	return nil
}

func (h *memHost) CopyFile(_ context.Context, src, dst string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	b, ok := h.files[src]
	if !ok {
		return fmt.Errorf("copying %s: %w", src, fs.ErrNotExist)
	}
	if _, ok := h.files[dst]; ok {
		return fmt.Errorf("copying to %s: %w", dst, fs.ErrExist)
	}
	h.copies++
	h.files[dst] = append([]byte(nil), b...)
	return nil
}

func (h *memHost) Remove(_ context.Context, path string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.files[path]; !ok {
		return fmt.Errorf("removing %s: %w", path, fs.ErrNotExist)
	}
	delete(h.files, path)
	return nil
}

func (h *memHost) ServiceStatus(context.Context, string) (host.ServiceStatus, error) {
	return host.ServiceStatus{}, nil
}

func (h *memHost) RestartService(context.Context, string) error { return nil }

// paths lists the files, sorted.
func (h *memHost) paths() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for p := range h.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
