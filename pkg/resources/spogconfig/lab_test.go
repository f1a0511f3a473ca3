package spogconfig

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/host/lab"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var now = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)

// seed returns a lab host whose spog_config.js holds data.
func seed(t *testing.T, data []byte) host.Host {
	t.Helper()
	h := lab.New("ece-web-a", t.TempDir())
	if data != nil {
		if err := h.WriteFile(context.Background(), path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func newResource(h host.Host) *Resource {
	return New(Config{Addr: addr, Host: h, Path: path, Protocol: "https", ServerName: "ece.example.com",
		Now: func() time.Time { return now }})
}

func TestReadApplyReadPlanIsNoOp(t *testing.T) {
	ctx := context.Background()
	orig, err := os.ReadFile(filepath.Join("testdata", "spog_config.js"))
	if err != nil {
		t.Fatal(err)
	}
	h := seed(t, orig)
	r := newResource(h)

	st, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Attrs[AttrProtocol].S != "http" || st.Attrs[AttrServerName].S != "ECEWEB01" || st.Attrs[AttrPath].S != path {
		t.Errorf("Read attrs = %v", st.Attrs)
	}
	ch, err := r.Plan(resources.PlanInput{Current: st, Now: now})
	if err != nil || ch.Action != resources.Update {
		t.Fatalf("Plan = %v, %v; want Update", ch.Action.Word(), err)
	}
	applied, err := r.Apply(ctx, ch)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}

	got, err := h.ReadFile(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "spog_config.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("file after apply differs from %s:\n got %q\nwant %q", golden, got, want)
	}
	if !bytes.HasPrefix(got, []byte("\ufeff")) || bytes.Count(got, []byte("\r\n")) != bytes.Count(orig, []byte("\r\n")) {
		t.Errorf("BOM or CRLF line endings lost")
	}
	if d := len(got) - len(orig); d != len("https")-len("http")+len("ece.example.com")-len("ECEWEB01") {
		t.Errorf("file grew by %d bytes, more than the two values", d)
	}

	bak, err := h.ReadFile(ctx, host.BackupName(path, now))
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !bytes.Equal(bak, orig) {
		t.Errorf("backup holds %q, want the original bytes", bak)
	}

	again, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if resources.FingerprintOf(again) != resources.FingerprintOf(applied) {
		t.Errorf("Apply's state and a fresh Read differ")
	}
	ch2, err := r.Plan(resources.PlanInput{Current: again, Now: now})
	if err != nil || ch2.Action != resources.NoOp {
		t.Errorf("plan after apply = %v, %v; want NoOp", ch2.Action.Word(), err)
	}
}

func TestMissingAssignmentLeavesFileUntouched(t *testing.T) {
	ctx := context.Background()
	orig := []byte("\ufeffvar web_server_protocol = \"http\";\r\n// var web_server_name = \"x\";\r\n")
	h := seed(t, orig)
	r := newResource(h)
	st, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Plan(resources.PlanInput{Current: st, Now: now}); err == nil {
		t.Fatal("Plan succeeded with web_server_name missing")
	}
	// Even a forced Apply does not append.
	if _, err := r.Apply(ctx, resources.Change{Addr: addr, Action: resources.Update,
		Private: &planned{fingerprint: st.Fingerprint}}); err == nil {
		t.Error("Apply succeeded with web_server_name missing")
	}
	if got, _ := h.ReadFile(ctx, path); !bytes.Equal(got, orig) {
		t.Errorf("file changed: %q", got)
	}
	if _, err := h.ReadFile(ctx, host.BackupName(path, now)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a backup was made without a write: %v", err)
	}
}

func TestApplyRefusesFileChangedSinceRead(t *testing.T) {
	ctx := context.Background()
	h := seed(t, []byte("var web_server_protocol = \"http\";\nvar web_server_name = \"a\";\n"))
	r := newResource(h)
	st, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: st, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	moved := []byte("var web_server_protocol = \"http\";\nvar web_server_name = \"b\";\n")
	if err := h.WriteFile(ctx, path, moved, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Apply(ctx, ch); !errors.Is(err, ErrChangedSinceRead) {
		t.Fatalf("Apply error = %v, want ErrChangedSinceRead", err)
	}
	if got, _ := h.ReadFile(ctx, path); !bytes.Equal(got, moved) {
		t.Errorf("file changed by a refused apply: %q", got)
	}
}

func TestMissingFileIsNeverCreated(t *testing.T) {
	ctx := context.Background()
	h := seed(t, nil)
	r := newResource(h)
	st, err := r.Read(ctx)
	if err != nil || st.Exists {
		t.Fatalf("Read of a missing file = %+v, %v; want Exists=false", st, err)
	}
	if _, err := r.Plan(resources.PlanInput{Current: st, Now: now}); err == nil {
		t.Error("Plan succeeded for a missing file")
	}
	if _, err := r.Apply(ctx, resources.Change{Addr: addr, Action: resources.Update}); err == nil {
		t.Error("Apply succeeded for a missing file")
	}
	if _, err := h.ReadFile(ctx, path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file created: %v", err)
	}
}

func TestDescribe(t *testing.T) {
	r := newResource(lab.New("ece-web-a", t.TempDir()))
	if got, want := r.Describe(), path+" on ece-web-a"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}
