package local

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

func TestFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	h := New("ece-web-a")
	if h.Name() != "ece-web-a" {
		t.Errorf("Name() = %q", h.Name())
	}
	path := filepath.Join(dir, "eService", "templates", "spog_config.js")

	if _, err := h.ReadFile(ctx, path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ReadFile of a missing file: %v, want fs.ErrNotExist", err)
	}
	if err := h.WriteFile(ctx, path, []byte("v1\r\n"), 0o644); err != nil {
		t.Fatalf("WriteFile creating folders: %v", err)
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o755) {
		t.Errorf("parent folder: %v %v, want mode 0755", fi, err)
	}
	got, err := h.ReadFile(ctx, path)
	if err != nil || string(got) != "v1\r\n" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}

	bak, err := host.Backup(ctx, h, path, fixedTime)
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	bak2, err := host.Backup(ctx, h, path, fixedTime)
	if err != nil || bak2 == bak {
		t.Fatalf("second Backup in the same second = %q, %v; want a new name", bak2, err)
	}
	if err := h.CopyFile(ctx, path, bak); !errors.Is(err, fs.ErrExist) {
		t.Errorf("CopyFile onto an existing file: %v, want fs.ErrExist", err)
	}
	if err := h.WriteFile(ctx, path, []byte("v2"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, _ := h.ReadFile(ctx, bak); string(b) != "v1\r\n" {
		t.Errorf("backup = %q, want the old bytes", b)
	}
	if err := h.Remove(ctx, bak2); err != nil {
		t.Errorf("Remove: %v", err)
	}
	if err := h.Remove(ctx, bak2); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Remove of a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestFilesCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h := New("ads-a")
	path := filepath.Join(t.TempDir(), "f")
	if err := h.WriteFile(ctx, path, []byte("x"), 0o644); !errors.Is(err, context.Canceled) {
		t.Errorf("WriteFile: %v, want context.Canceled", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file written despite a cancelled context")
	}
}

func TestServicesUnsupported(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("services are supported on Windows")
	}
	h := New("ads-a")
	if _, err := h.ServiceStatus(context.Background(), "Apache Tomcat"); !errors.Is(err, ErrServicesUnsupported) {
		t.Errorf("ServiceStatus: %v, want ErrServicesUnsupported", err)
	}
	if err := h.RestartService(context.Background(), "Apache Tomcat"); !errors.Is(err, ErrServicesUnsupported) {
		t.Errorf("RestartService: %v, want ErrServicesUnsupported", err)
	}
}
