package pwsh

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

const spogPath = `C:\Cisco\ECE\eService\templates\finesse\gadget\spog\spog_config.js`

// TestHostReplay runs every host.Host method against recorded script
// output, success and failure.
func TestHostReplay(t *testing.T) {
	ctx := context.Background()
	tests := map[string]struct {
		replies map[string]reply
		dynamic map[string]func([]byte) reply
		run     func(h *Host) (any, error)
		want    any   // compared with ==, when not nil
		wantErr error // errors.Is target
		errText string
	}{
		"read file": {
			replies: map[string]reply{opReadFile: ok(t, "read_file.out")},
			run:     func(h *Host) (any, error) { b, err := h.ReadFile(ctx, spogPath); return string(b), err },
			want:    "web_server_protocol = \"https\";\r\nweb_server_name = \"ece.example.com\";\r\n",
		},
		"read missing file": {
			replies: map[string]reply{opReadFile: failed(t, "error-file-not-found.out")},
			run:     func(h *Host) (any, error) { return h.ReadFile(ctx, spogPath) },
			wantErr: fs.ErrNotExist,
			errText: "reading " + spogPath + ": file does not exist",
		},
		"read relative path": {
			run:     func(h *Host) (any, error) { return h.ReadFile(ctx, `eService\spog_config.js`) },
			errText: "absolute Windows path",
		},
		"write file": {
			dynamic: map[string]func([]byte) reply{opWriteFile: func(stdin []byte) reply {
				var p struct{ Path, Data string }
				if err := jsonUnmarshal(stdin, &p); err != nil {
					return reply{stdout: `{"error":"bad payload","code":""}`, exitCode: 1}
				}
				b, _ := base64.StdEncoding.DecodeString(p.Data)
				if p.Path != spogPath || string(b) != "v2\r\n" {
					return reply{stdout: `{"error":"unexpected payload","code":""}`, exitCode: 1}
				}
				return reply{stdout: fmt.Sprintf("\r\n{\"size\":%d}\r\n", len(b))}
			}},
			run: func(h *Host) (any, error) { return nil, h.WriteFile(ctx, spogPath, []byte("v2\r\n"), 0o644) },
		},
		"write file short": {
			replies: map[string]reply{opWriteFile: {stdout: `{"size":1}`}},
			run:     func(h *Host) (any, error) { return nil, h.WriteFile(ctx, spogPath, []byte("v2\r\n"), 0o644) },
			errText: "wrote 1 bytes of 4",
		},
		"write file too large": {
			run: func(h *Host) (any, error) {
				return nil, h.WriteFile(ctx, spogPath, make([]byte, maxWriteSize+1), 0o644)
			},
			errText: "more than the 1048576 this transport carries",
		},
		"copy file": {
			replies: map[string]reply{opCopyFile: ok(t, "copy_file.out")},
			run: func(h *Host) (any, error) {
				return nil, h.CopyFile(ctx, spogPath, host.BackupName(spogPath, time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)))
			},
		},
		"copy onto an existing file": {
			replies: map[string]reply{opCopyFile: failed(t, "error-exists.out")},
			run:     func(h *Host) (any, error) { return nil, h.CopyFile(ctx, spogPath, spogPath+".bak") },
			wantErr: fs.ErrExist,
		},
		"copy a missing file": {
			replies: map[string]reply{opCopyFile: failed(t, "error-file-not-found.out")},
			run:     func(h *Host) (any, error) { return nil, h.CopyFile(ctx, spogPath, spogPath+".bak") },
			wantErr: fs.ErrNotExist,
		},
		"remove": {
			replies: map[string]reply{opRemoveFile: ok(t, "remove_file.out")},
			run:     func(h *Host) (any, error) { return nil, h.Remove(ctx, `\\ece-web-a\c$\temp\x.tmp`) },
		},
		"remove a missing file": {
			replies: map[string]reply{opRemoveFile: failed(t, "error-file-not-found.out")},
			run:     func(h *Host) (any, error) { return nil, h.Remove(ctx, spogPath) },
			wantErr: fs.ErrNotExist,
		},
		"service running": {
			replies: map[string]reply{opServiceStatus: ok(t, "service_status-running.out")},
			run:     func(h *Host) (any, error) { return h.ServiceStatus(ctx, "Apache Tomcat") },
			want:    host.ServiceStatus{Name: "Apache Tomcat", Exists: true, Running: true, StartedAt: time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)},
		},
		"service unknown": {
			replies: map[string]reply{opServiceStatus: ok(t, "service_status-missing.out")},
			run:     func(h *Host) (any, error) { return h.ServiceStatus(ctx, "Apache Tomcat") },
			want:    host.ServiceStatus{Name: "Apache Tomcat"},
		},
		"service bad start time": {
			replies: map[string]reply{opServiceStatus: {stdout: `{"exists":true,"running":true,"startedAt":"yesterday"}`}},
			run:     func(h *Host) (any, error) { return h.ServiceStatus(ctx, "Tomcat9") },
			errText: `start time "yesterday"`,
		},
		"restart": {
			replies: map[string]reply{opRestartService: ok(t, "restart_service.out")},
			run:     func(h *Host) (any, error) { return nil, h.RestartService(ctx, "Apache Tomcat") },
		},
		"restart unknown service": {
			replies: map[string]reply{opRestartService: failed(t, "error-service-not-found.out")},
			run:     func(h *Host) (any, error) { return nil, h.RestartService(ctx, "Apache Tomcat") },
			errText: "restarting service Apache Tomcat: service not found",
		},
		"restart fails with CLIXML on stderr": {
			replies: map[string]reply{opRestartService: {stderr: recorded(t, "stderr-clixml.txt"), exitCode: 1}},
			run:     func(h *Host) (any, error) { return nil, h.RestartService(ctx, "Apache Tomcat") },
			errText: "The term 'Get-Website' is not recognized as the name of a cmdlet, function, script file, or operable program.",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := &fakeRunner{replies: tc.replies, dynamic: tc.dynamic}
			h := NewHost("ece-web-a", f)
			got, err := tc.run(h)
			if tc.wantErr != nil || tc.errText != "" {
				if err == nil {
					t.Fatalf("no error, want one (result %v)", got)
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Errorf("error %q is not %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.errText) {
					t.Errorf("error %q lacks %q", err, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.want != nil && got != tc.want {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestHostBasics(t *testing.T) {
	f := &fakeRunner{}
	h := NewHost("ece-web-a", f)
	if h.Name() != "ece-web-a" {
		t.Errorf("Name() = %q", h.Name())
	}
	if h.Windows() == nil {
		t.Fatal("Windows() is nil")
	}
	f.replies = map[string]reply{opSite: ok(t, "site.out")}
	if s, err := h.Windows().Site(context.Background(), "Default Web Site"); err != nil || s.ID != 1 {
		t.Errorf("Windows().Site = %+v, %v; want it over the host's runner", s, err)
	}
}

func TestRestartSurvivesCancellation(t *testing.T) {
	// A restart begun runs to its end: the runner sees a live context even
	// when the caller's is cancelled right after the call starts.
	ctx, cancel := context.WithCancel(context.Background())
	r := &cancelDuringRun{cancel: cancel}
	if err := NewHost("ads-a", r).RestartService(ctx, "Apache Tomcat"); err != nil {
		t.Fatalf("RestartService: %v", err)
	}
	if r.sawErr != nil {
		t.Errorf("the script's context was cancelled: %v", r.sawErr)
	}
	// Not started at all when already cancelled.
	if err := NewHost("ads-a", r).RestartService(ctx, "Apache Tomcat"); !errors.Is(err, context.Canceled) {
		t.Errorf("RestartService with a cancelled context = %v", err)
	}
}

// cancelDuringRun cancels the caller's context while "running", then
// reports whether its own context saw it.
type cancelDuringRun struct {
	cancel func()
	sawErr error
}

func (c *cancelDuringRun) Run(ctx context.Context, script string, stdin []byte) ([]byte, error) {
	c.cancel()
	c.sawErr = ctx.Err()
	return []byte(`{"name":"Tomcat9","running":true}`), nil
}
