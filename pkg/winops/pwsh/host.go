package pwsh

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// maxWriteSize bounds WriteFile: Windows PowerShell 5.1's ConvertFrom-Json
// reads at most 2,097,152 characters, and the file travels as Base64.
const maxWriteSize = 1 << 20

// restartTimeout bounds one RestartService, which is not cut short by the
// caller's context: a stopped Tomcat must be started again.
const restartTimeout = 10 * time.Minute

// Host is a Windows server reached through a Runner: its files, its
// services, and (Windows) its certificate store, IIS and http.sys. Over a
// WinRMRunner it is a complete remote transport.
type Host struct {
	name string
	r    Runner
	ops  *Ops
}

var _ host.Host = (*Host)(nil)

// NewHost returns the server r runs scripts on, under its spec name.
func NewHost(name string, r Runner) *Host { return &Host{name: name, r: r, ops: New(r)} }

// Name returns the spec host name.
func (h *Host) Name() string { return h.name }

// Windows returns the server's Windows operations, over the same Runner.
func (h *Host) Windows() winops.Ops { return h.ops }

// ReadFile returns a file's bytes; a missing file wraps fs.ErrNotExist.
func (h *Host) ReadFile(ctx context.Context, path string) ([]byte, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	var out struct {
		Data string `json:"data"`
	}
	if err := call(ctx, h.r, opReadFile, struct {
		Path string `json:"path"`
	}{path}, &out, ""); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	b, err := base64.StdEncoding.DecodeString(out.Data)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return b, nil
}

// WriteFile replaces a file atomically (temp file in the same folder,
// flushed, then [IO.File]::Replace or a move), creating missing folders.
// perm is not applied: on Windows an existing file keeps its ACL and a new
// one inherits its folder's.
func (h *Host) WriteFile(ctx context.Context, path string, data []byte, perm fs.FileMode) error {
	if err := checkPath(path); err != nil {
		return err
	}
	if len(data) > maxWriteSize {
		return fmt.Errorf("writing %s: %d bytes, more than the %d this transport carries", path, len(data), maxWriteSize)
	}
	in := struct {
		Path string `json:"path"`
		Data string `json:"data"`
	}{path, base64.StdEncoding.EncodeToString(data)}
	var out struct {
		Size int `json:"size"`
	}
	if err := call(ctx, h.r, opWriteFile, in, &out, ""); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if out.Size != len(data) {
		return fmt.Errorf("writing %s: the server wrote %d bytes of %d", path, out.Size, len(data))
	}
	return nil
}

// CopyFile copies src to dst; an existing dst is an error wrapping
// fs.ErrExist, a missing src one wrapping fs.ErrNotExist.
func (h *Host) CopyFile(ctx context.Context, src, dst string) error {
	for _, p := range []string{src, dst} {
		if err := checkPath(p); err != nil {
			return err
		}
	}
	in := struct {
		Src string `json:"src"`
		Dst string `json:"dst"`
	}{src, dst}
	if err := call(ctx, h.r, opCopyFile, in, nil, ""); err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	return nil
}

// Remove deletes a file; a missing one wraps fs.ErrNotExist.
func (h *Host) Remove(ctx context.Context, path string) error {
	if err := checkPath(path); err != nil {
		return err
	}
	if err := call(ctx, h.r, opRemoveFile, struct {
		Path string `json:"path"`
	}{path}, nil, ""); err != nil {
		return fmt.Errorf("removing %s: %w", path, err)
	}
	return nil
}

// ServiceStatus reports a service found by name or else display name; an
// unknown service is Exists=false.
func (h *Host) ServiceStatus(ctx context.Context, name string) (host.ServiceStatus, error) {
	if err := checkServiceName(name); err != nil {
		return host.ServiceStatus{}, err
	}
	var out struct {
		Exists    bool   `json:"exists"`
		Running   bool   `json:"running"`
		StartedAt string `json:"startedAt"`
	}
	if err := call(ctx, h.r, opServiceStatus, struct {
		Name string `json:"name"`
	}{name}, &out, ""); err != nil {
		return host.ServiceStatus{}, fmt.Errorf("service %s: reading status: %w", name, err)
	}
	st := host.ServiceStatus{Name: name, Exists: out.Exists, Running: out.Exists && out.Running}
	if out.Exists && out.StartedAt != "" {
		t, err := time.Parse(time.RFC3339Nano, out.StartedAt)
		if err != nil {
			return host.ServiceStatus{}, fmt.Errorf("service %s: start time %q: %w", name, out.StartedAt, err)
		}
		st.StartedAt = t.UTC()
	}
	return st, nil
}

// RestartService restarts a service (starting it if stopped) and waits
// until it runs. Once begun it runs to the end even if ctx is cancelled,
// bounded by restartTimeout.
func (h *Host) RestartService(ctx context.Context, name string) error {
	if err := checkServiceName(name); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("restarting service %s: %w", name, err)
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restartTimeout)
	defer cancel()
	err := call(rctx, h.r, opRestartService, struct {
		Name string `json:"name"`
	}{name}, nil, "")
	if codeOf(err) == CodeServiceNotFound {
		return fmt.Errorf("restarting service %s: service not found", name)
	}
	if err != nil {
		return fmt.Errorf("restarting service %s: %w", name, err)
	}
	return nil
}

// windowsPathRE is an absolute Windows path: a drive ("C:\...") or a UNC
// share ("\\server\share\...").
var windowsPathRE = regexp.MustCompile(`^([A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)`)

// checkPath refuses relative paths (the server would resolve them against
// a working folder nobody chose) and NUL bytes.
func checkPath(path string) error {
	if !windowsPathRE.MatchString(path) {
		return fmt.Errorf("path %q: want an absolute Windows path (C:\\... or \\\\server\\share\\...)", path)
	}
	if strings.ContainsRune(path, 0) {
		return errors.New("path contains a NUL byte")
	}
	return nil
}

// checkServiceName refuses names no service can have.
func checkServiceName(name string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("empty service name")
	}
	if strings.ContainsRune(name, 0) {
		return fmt.Errorf("service name %q contains a NUL byte", name)
	}
	return nil
}
