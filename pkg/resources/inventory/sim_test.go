package inventory

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/bulkcsv"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// TestWebServerLifecycle: fresh → Create → NoOp; a changed password →
// exactly one Update (PasswordChanged) → NoOp; the passwords never show.
func TestWebServerLifecycle(t *testing.T) {
	sim := newSim(t, pccesim.Options{PAPassword: paPassword2})
	dir := t.TempDir()
	e := env{paEnv: paPassword}
	r := New(webConfig(newClient(t, sim), dir, e))
	var shown []string

	st, ch := plan(t, r)
	shown = append(shown, describe(st, ch))
	if ch.Action != resources.Create || codes(ch) != MachineMissing {
		t.Fatalf("fresh: %s %q, want create %s", ch.Action.Word(), codes(ch), MachineMissing)
	}
	st = apply(t, r, ch)
	shown = append(shown, describe(st, ch))
	if n := machinesOnHost(sim, "ece.example.com"); n != 1 {
		t.Fatalf("%d machines on the host, want 1", n)
	}
	if got := st.Attrs[AttrAppInstance].S; got != "MultiChannel" {
		t.Errorf("app_instance %q", got)
	}
	if _, ok := st.Attrs["change_stamp"]; ok {
		t.Error("the changeStamp is an attribute")
	}
	// The simulator accepts only paPassword2: the first password gives an
	// inventory alert, which the password change clears.
	if alerts := sim.Snapshot(); alerts.Machines[len(alerts.Machines)-1].CredentialsValid {
		t.Error("the simulator accepted the first password")
	}

	e[paEnv] = paPassword2
	st, ch = plan(t, r)
	shown = append(shown, describe(st, ch))
	if ch.Action != resources.Update || codes(ch) != PasswordChanged {
		t.Fatalf("changed password: %s %q, want update %s", ch.Action.Word(), codes(ch), PasswordChanged)
	}
	puts := sim.Stats().Count(http.MethodPut, pcce.PathMachines+"/{id}")
	st = apply(t, r, ch)
	shown = append(shown, describe(st, ch))
	if got := sim.Stats().Count(http.MethodPut, pcce.PathMachines+"/{id}") - puts; got != 1 {
		t.Errorf("%d PUTs for one password change, want 1", got)
	}
	if m := sim.Snapshot().Machines; !m[len(m)-1].CredentialsValid {
		t.Error("the simulator did not get the new password")
	}
	if n := machinesOnHost(sim, "ece.example.com"); n != 1 {
		t.Errorf("%d machines on the host, want 1", n)
	}

	leaks(t, "a state or change", shown...)
	leaksInDir(t, dir)
	for name, mode := range map[string]os.FileMode{StateFileName: 0o600, KeyFileName: 0o600} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("%s mode %o, want %o", name, fi.Mode().Perm(), mode)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, StateFileName))
	if !bytes.Contains(data, []byte(`"inventory_machine.ece_web[pcce]"`)) || !bytes.Contains(data, []byte(`"hash": "hmac-sha256:`)) {
		t.Errorf("state file:\n%s", data)
	}
}

// TestDataServersHA: both ECE data servers of an HA install, given by
// short host names, are added once each and found again by their FQDN.
func TestDataServersHA(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	c := newClient(t, sim)
	for _, name := range []string{"ece-data-a", "ece-data-b"} {
		r := New(dataConfig(c, name, name))
		_, ch := plan(t, r)
		if ch.Action != resources.Create {
			t.Fatalf("%s: %s, want create", name, ch.Action.Word())
		}
		st := apply(t, r, ch)
		if got := st.Attrs[AttrHostName].S; got != name+".example.com" {
			t.Errorf("%s: host_name %q, want the FQDN PCCE made of it", name, got)
		}
		if _, ok := st.Attrs[AttrPassword]; ok {
			t.Errorf("%s: a data server has a password attribute", name)
		}
	}
	if got := sim.Stats().Count(http.MethodPost, pcce.PathMachines); got != 2 {
		t.Errorf("%d POSTs, want 2", got)
	}
}

// TestConflictDuringApply: a PUT answered with a stale changeStamp is
// re-read, re-planned and retried; a machine that keeps changing is given
// up on after three attempts.
func TestConflictDuringApply(t *testing.T) {
	tests := []struct {
		name      string
		conflicts int
		wantPUTs  int
		wantErr   string
	}{
		{"one conflict", 1, 2, ""},
		{"two conflicts", 2, 3, ""},
		{"keeps conflicting", 10, 3, "gave up after 3 attempts, the machine kept changing in PCCE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{})
			e := env{paEnv: paPassword}
			r := New(webConfig(newClient(t, sim), t.TempDir(), e))
			_, ch := plan(t, r)
			apply(t, r, ch)

			e[paEnv] = paPassword2
			_, ch = plan(t, r)
			sim.ConflictNext(tt.conflicts)
			before := sim.Stats()
			_, err := r.Apply(context.Background(), ch)
			puts := sim.Stats().Count(http.MethodPut, pcce.PathMachines+"/{id}") - before.Count(http.MethodPut, pcce.PathMachines+"/{id}")
			if puts != tt.wantPUTs {
				t.Errorf("%d PUTs, want %d", puts, tt.wantPUTs)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, pcce.ErrConflict) {
					t.Fatalf("got %v, want %q matching ErrConflict", err, tt.wantErr)
				}
				leaks(t, "the error", err.Error())
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, after := plan(t, r); after.Action != resources.NoOp {
				t.Errorf("after the conflicts: %s %v", after.Action.Word(), after.Reasons)
			}
		})
	}
}

// TestDuplicateCreatedMeanwhile: another run adds the machine between plan
// and apply; the create is refused as a duplicate, and Apply converges to
// that machine without a second entry.
func TestDuplicateCreatedMeanwhile(t *testing.T) {
	tests := []struct {
		name      string
		other     pcce.Machine
		wantPUTs  int
		wantError string
	}{
		{
			name:     "same settings: one update establishes the password",
			other:    pcce.NewECEWebServer("ece-web", "ece.example.com", "pa@example.com", paPassword, pcce.Ref{Name: "MultiChannel"}),
			wantPUTs: 1,
		},
		{
			name:     "other user and name: updated to the spec",
			other:    pcce.NewECEWebServer("ECE-WEB-1", "ECE.example.com", "admin", "x-other", pcce.Ref{Name: "MultiChannel"}),
			wantPUTs: 1,
		},
		{
			name:      "same name on another host: a clear error",
			other:     pcce.NewECEWebServer("ece-web", "ece-old.example.com", "pa@example.com", paPassword, pcce.Ref{Name: "MultiChannel"}),
			wantError: "PCCE refuses to add it as a duplicate, but no ECE_WEB_SERVER machine has host name ece.example.com",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{})
			r := New(webConfig(newClient(t, sim), t.TempDir(), env{paEnv: paPassword}))
			_, ch := plan(t, r)
			if ch.Action != resources.Create {
				t.Fatalf("%s, want create", ch.Action.Word())
			}
			if _, err := newClient(t, sim).CreateMachine(context.Background(), tt.other); err != nil {
				t.Fatal(err)
			}
			_, err := r.Apply(context.Background(), ch)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) || !errors.Is(err, pcce.ErrDuplicate) {
					t.Fatalf("got %v, want %q", err, tt.wantError)
				}
				leaks(t, "the error", err.Error())
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := machinesOnHost(sim, "ece.example.com"); n != 1 {
				t.Errorf("%d machines on the host, want 1", n)
			}
			if got := sim.Stats().Count(http.MethodPut, pcce.PathMachines+"/{id}"); got != tt.wantPUTs {
				t.Errorf("%d PUTs, want %d", got, tt.wantPUTs)
			}
			st, after := plan(t, r)
			if after.Action != resources.NoOp {
				t.Fatalf("did not converge: %v", after.Reasons)
			}
			if st.Attrs[AttrName].S != "ece-web" || st.Attrs[AttrUser].S != "pa@example.com" {
				t.Errorf("state %v", st.Attrs)
			}
		})
	}
}

// TestCSVMode: a missing machine is written to the bulk CSV and Apply asks
// for the upload; once PCCE has it, updates go through the API.
func TestCSVMode(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	dir := t.TempDir()
	csvPath := filepath.Join(t.TempDir(), "upload", "ece_inventory.csv")
	cfg := webConfig(newClient(t, sim), dir, env{paEnv: paPassword})
	cfg.CSVFile = csvPath
	r := New(cfg)

	st, ch := plan(t, r)
	if ch.Action != resources.Create || !strings.Contains(ch.Reasons[0].Message, csvPath) {
		t.Fatalf("%s %v, want a create naming the CSV", ch.Action.Word(), ch.Reasons)
	}
	_, err := r.Apply(context.Background(), ch)
	if !errors.Is(err, ErrBulkUploadPending) {
		t.Fatalf("got %v, want ErrBulkUploadPending", err)
	}
	for _, w := range []string{"ece-web: waiting for the bulk inventory upload", csvPath, "Unified CCE Administration > Inventory (bulk import), then run plan again"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	leaks(t, "a state, change or error", describe(st, ch), err.Error())
	if got := sim.Stats().Count(http.MethodPost, pcce.PathMachines); got != 0 {
		t.Errorf("%d POSTs in CSV mode", got)
	}
	data, rerr := os.ReadFile(csvPath)
	if rerr != nil {
		t.Fatal(rerr)
	}
	rows, rerr := bulkcsv.Read(bytes.NewReader(data))
	if rerr != nil || len(rows) != 1 {
		t.Fatalf("rows %v, %v", rows, rerr)
	}
	if pw, _ := rows[0].ConnectionInfo.Get(bulkcsv.KeyPassword); pw != paPassword || rows[0].PublicAddress != "ece.example.com" {
		t.Errorf("row %v does not carry the machine and its password", rows[0])
	}
	if fi, _ := os.Stat(csvPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("CSV mode %o, want 600", fi.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(dir, StateFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a hash was recorded before the upload: %v", err)
	}
	leaksInDir(t, dir)

	// The operator uploads the file: PCCE now has the machine.
	if _, err := newClient(t, sim).CreateMachine(context.Background(), pcce.NewECEWebServer(
		rows[0].Name, rows[0].PublicAddress, "pa@example.com", paPassword, pcce.Ref{Name: "MultiChannel"})); err != nil {
		t.Fatal(err)
	}
	_, ch = plan(t, r)
	if ch.Action != resources.Update || codes(ch) != PasswordUnknown {
		t.Fatalf("after the upload: %s %q, want one update %s", ch.Action.Word(), codes(ch), PasswordUnknown)
	}
	apply(t, r, ch)
	if got := sim.Stats().Count(http.MethodPost, pcce.PathMachines); got != 1 {
		t.Errorf("%d POSTs, want only the upload's", got)
	}
}

// TestErrorsNameTheReferenceOnly: an unset secret and a refused create
// give errors that name the reference and the cause, never a password.
func TestErrorsNameTheReferenceOnly(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	r := New(webConfig(newClient(t, sim), t.TempDir(), env{}))
	_, err := r.Read(context.Background())
	if err == nil || !strings.Contains(err.Error(), "ece-web: partition administrator password: secret env:ECE_PA_PASSWORD: environment variable is not set") {
		t.Fatalf("got %v", err)
	}

	cfg := webConfig(newClient(t, sim), t.TempDir(), env{paEnv: paPassword})
	cfg.AppInstance = "multichannel"
	r = New(cfg)
	_, ch := plan(t, r)
	_, err = r.Apply(context.Background(), ch)
	if err == nil || !strings.Contains(err.Error(), `names are case-sensitive (there is "MultiChannel")`) {
		t.Fatalf("got %v, want PCCE's case-sensitivity refusal", err)
	}
	leaks(t, "the error", err.Error())
}
