package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"github.com/ecereconcile/ecereconcile/pkg/host"
)

// ServiceFile is the state of one lab service, as stored in its JSON file.
type ServiceFile struct {
	Name      string    `json:"name"`
	Running   bool      `json:"running"`
	StartedAt time.Time `json:"startedAt,omitzero"`
	Restarts  int       `json:"restarts"`
}

// ServicePath returns the file that holds service name below root.
func ServicePath(root, name string) string {
	file := strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, name)
	return filepath.Join(root, ".lab", "services", file+".json")
}

// WriteService stores st as a service of the lab host at root, creating the
// folders it needs; the file is replaced atomically.
func WriteService(root string, st ServiceFile) error {
	if st.Name == "" {
		return errors.New("lab service: empty name")
	}
	if !st.StartedAt.IsZero() {
		st.StartedAt = st.StartedAt.UTC()
	}
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("lab service %s: %w", st.Name, err)
	}
	p := ServicePath(root, st.Name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("lab service %s: %w", st.Name, err)
	}
	if err := atomicfile.WriteFile(p, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("lab service %s: %w", st.Name, err)
	}
	return nil
}

// ReadService reads service name of the lab host at root. A missing file,
// or one that holds another service whose name maps to the same file, is an
// error wrapping fs.ErrNotExist.
func ReadService(root, name string) (ServiceFile, error) {
	p := ServicePath(root, name)
	b, err := os.ReadFile(p)
	if err != nil {
		return ServiceFile{}, fmt.Errorf("lab service %s: %w", name, err)
	}
	var st ServiceFile
	if err := json.Unmarshal(b, &st); err != nil {
		return ServiceFile{}, fmt.Errorf("lab service %s: %s: %w", name, p, err)
	}
	if st.Name != name {
		return ServiceFile{}, fmt.Errorf("lab service %s: %s holds service %q: %w", name, p, st.Name, fs.ErrNotExist)
	}
	return st, nil
}

// ServiceStatus reports a lab service; no file is Exists=false.
func (h *Host) ServiceStatus(ctx context.Context, name string) (host.ServiceStatus, error) {
	if err := h.wait(ctx); err != nil {
		return host.ServiceStatus{}, err
	}
	st, err := ReadService(h.root, name)
	if errors.Is(err, fs.ErrNotExist) {
		return host.ServiceStatus{Name: name}, nil
	}
	if err != nil {
		return host.ServiceStatus{}, err
	}
	s := host.ServiceStatus{Name: name, Exists: true, Running: st.Running}
	if st.Running {
		s.StartedAt = st.StartedAt
	}
	return s, nil
}

// RestartService marks a lab service running since now and counts the
// restart. An unknown service is an error wrapping fs.ErrNotExist.
func (h *Host) RestartService(ctx context.Context, name string) error {
	if err := h.wait(ctx); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	st, err := ReadService(h.root, name)
	if err != nil {
		return fmt.Errorf("restarting service %s: %w", name, err)
	}
	st.Running = true
	st.StartedAt = h.now()
	st.Restarts++
	if err := WriteService(h.root, st); err != nil {
		return fmt.Errorf("restarting service %s: %w", name, err)
	}
	return nil
}
