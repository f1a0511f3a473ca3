package lab

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

var t0 = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)

func TestFiles(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	h := New("ece-web-a", root)
	path := `C:\Cisco\ECE\eService\templates\finesse\gadget\spog\spog_config.js`

	if _, err := h.ReadFile(ctx, path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ReadFile of a missing file: %v, want fs.ErrNotExist", err)
	}
	if err := h.WriteFile(ctx, path, []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(root, "C", "Cisco", "ECE", "eService", "templates", "finesse", "gadget", "spog", "spog_config.js")
	if b, err := os.ReadFile(local); err != nil || string(b) != "v1" {
		t.Fatalf("file below the root = %q, %v", b, err)
	}
	bak, err := host.Backup(ctx, h, path, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(bak, `C:\`) {
		t.Errorf("backup path %q is not a Windows path", bak)
	}
	if err := h.CopyFile(ctx, path, bak); !errors.Is(err, fs.ErrExist) {
		t.Errorf("CopyFile onto an existing file: %v, want fs.ErrExist", err)
	}
	if err := h.WriteFile(ctx, path, []byte("v2"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := h.ReadFile(ctx, bak); string(b) != "v1" {
		t.Errorf("backup = %q, want v1", b)
	}
	if b, _ := h.ReadFile(ctx, path); string(b) != "v2" {
		t.Errorf("file = %q, want v2", b)
	}
	if err := h.Remove(ctx, bak); err != nil {
		t.Fatal(err)
	}
	if err := h.Remove(ctx, bak); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Remove of a missing file: %v, want fs.ErrNotExist", err)
	}
	if _, err := h.ReadFile(ctx, `..\x`); err == nil {
		t.Errorf("ReadFile of a relative path succeeded")
	}
}

func TestLatencyHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	root := t.TempDir()
	h := New("ads-a", root, WithLatency(time.Hour))
	if err := h.WriteFile(ctx, `C:\x`, []byte("x"), 0o644); !errors.Is(err, context.Canceled) {
		t.Errorf("WriteFile: %v, want context.Canceled", err)
	}
	if _, err := h.ServiceStatus(ctx, "Apache Tomcat"); !errors.Is(err, context.Canceled) {
		t.Errorf("ServiceStatus: %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(root, "C", "x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file written despite a cancelled context")
	}
}

func TestServicePath(t *testing.T) {
	tests := map[string]string{
		"Apache Tomcat":     "Apache_Tomcat.json",
		"Tomcat9":           "Tomcat9.json",
		"Cisco.Service-1_x": "Cisco.Service-1_x.json",
		`a/b\c:d`:           "a_b_c_d.json",
		"Ünïcode":           "_n_code.json",
		"../../etc/passwd":  ".._.._etc_passwd.json",
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			got := ServicePath("/r", name)
			if got != filepath.Join("/r", ".lab", "services", want) {
				t.Errorf("ServicePath(%q) = %q, want .lab/services/%s", name, got, want)
			}
		})
	}
}

func TestServices(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	now := t0
	h := New("ads-a", root, WithClock(func() time.Time { return now }))

	st, err := h.ServiceStatus(ctx, "Apache Tomcat")
	if err != nil || st.Exists {
		t.Fatalf("unknown service = %+v, %v; want Exists=false", st, err)
	}
	if err := h.RestartService(ctx, "Apache Tomcat"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("restarting an unknown service: %v, want fs.ErrNotExist", err)
	}

	if err := WriteService(root, ServiceFile{Name: "Apache Tomcat"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, ".lab", "services", "Apache_Tomcat.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(raw)); got != `{"name":"Apache Tomcat","running":false,"restarts":0}` {
		t.Errorf("service file = %s", got)
	}
	st, err = h.ServiceStatus(ctx, "Apache Tomcat")
	if err != nil || st != (host.ServiceStatus{Name: "Apache Tomcat", Exists: true}) {
		t.Fatalf("stopped service = %+v, %v", st, err)
	}

	for i := 1; i <= 2; i++ {
		now = t0.Add(time.Duration(i) * time.Minute)
		if err := h.RestartService(ctx, "Apache Tomcat"); err != nil {
			t.Fatal(err)
		}
		sf, err := ReadService(root, "Apache Tomcat")
		if err != nil {
			t.Fatal(err)
		}
		if want := (ServiceFile{Name: "Apache Tomcat", Running: true, StartedAt: now, Restarts: i}); !sf.StartedAt.Equal(want.StartedAt) || sf.Running != want.Running || sf.Restarts != want.Restarts {
			t.Errorf("after restart %d: %+v, want %+v", i, sf, want)
		}
	}
	raw, _ = os.ReadFile(filepath.Join(root, ".lab", "services", "Apache_Tomcat.json"))
	if got := strings.TrimSpace(string(raw)); got != `{"name":"Apache Tomcat","running":true,"startedAt":"2026-11-22T10:48:00Z","restarts":2}` {
		t.Errorf("service file = %s", got)
	}
	st, err = h.ServiceStatus(ctx, "Apache Tomcat")
	if err != nil || !st.Running || !st.StartedAt.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("running service = %+v, %v", st, err)
	}
}

func TestServiceNameCollision(t *testing.T) {
	root := t.TempDir()
	if err := WriteService(root, ServiceFile{Name: "Apache Tomcat", Running: true}); err != nil {
		t.Fatal(err)
	}
	// "Apache_Tomcat" maps to the same file but is another service.
	st, err := New("ads-a", root).ServiceStatus(context.Background(), "Apache_Tomcat")
	if err != nil || st.Exists {
		t.Errorf("colliding name = %+v, %v; want Exists=false", st, err)
	}
}

func TestWriteServiceRejectsEmptyName(t *testing.T) {
	if err := WriteService(t.TempDir(), ServiceFile{}); err == nil {
		t.Error("WriteService with an empty name succeeded")
	}
}
