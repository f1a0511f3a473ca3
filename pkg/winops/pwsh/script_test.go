package pwsh

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

func TestScriptsGolden(t *testing.T) {
	for _, op := range operations {
		t.Run(op, func(t *testing.T) {
			got := script(op)
			path := filepath.Join("testdata", "scripts", op+".ps1.golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("script %s differs from %s (run go test -update after checking the change)", op, path)
			}
		})
	}
}

func TestEveryScriptFileIsAnOperation(t *testing.T) {
	entries, err := scriptFiles.ReadDir("scripts")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, op := range operations {
		known[op+".ps1"] = true
	}
	for _, e := range entries {
		if !known[e.Name()] {
			t.Errorf("scripts/%s is not in operations", e.Name())
		}
	}
	if len(entries) != len(operations) {
		t.Errorf("%d script files for %d operations", len(entries), len(operations))
	}
}

func TestScriptsShape(t *testing.T) {
	for _, op := range operations {
		t.Run(op, func(t *testing.T) {
			s := script(op)
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 || (s[i] < 0x20 && s[i] != '\n') {
					t.Fatalf("byte %#x at %d: scripts must be plain ASCII text", s[i], i)
				}
			}
			for _, must := range []string{"$ErrorActionPreference = 'Stop'", "[Console]::In.ReadToEnd() | ConvertFrom-Json", "ConvertTo-Json -InputObject $Value -Depth 5 -Compress", "exit 1", "$result = "} {
				if !strings.Contains(s, must) {
					t.Errorf("script lacks %q", must)
				}
			}
			if strings.Contains(s, "$input") {
				t.Errorf("script reads $input; standard input is read once, with [Console]::In")
			}
			if strings.Contains(s, "Remove-WebBinding") || strings.Contains(s, "Remove-Item -Path Cert:") {
				t.Errorf("script removes a binding or a certificate")
			}
			// LocalRunner passes the script on the command line.
			line := "powershell.exe " + strings.Join(powershellArgs(s), " ")
			if len(line) >= maxCommandLine {
				t.Errorf("command line of %d characters, CreateProcess takes %d", len(line), maxCommandLine)
			}
		})
	}
	// WinRS runs the launcher through cmd.exe.
	if n := len(launcherCommand); n >= 8191 {
		t.Errorf("launcher command line of %d characters, cmd.exe takes 8191", n)
	}
}

// Distinctive values, one per parameter, to find wherever they land.
const (
	distinctPassword = "Pw-7f3a9c-Distinct"
	distinctFriendly = "Friendly-b41d"
	distinctPath     = `C:\Distinct-c7e2\spog_config.js`
	distinctPath2    = `C:\Distinct-c7e2\spog_config.js.bak`
	distinctSite     = "Distinct Site 9d17"
	distinctService  = "Distinct Service 5a0e"
	distinctCN       = "distinct-e61b.example.com"
	distinctHost     = "distinct-sni-80c4.example.com"
)

// TestScriptsNeverCarryValues runs every operation with distinctive values
// and checks each reaches the script through the payload only: never in
// the script text (and so never on a command line).
func TestScriptsNeverCarryValues(t *testing.T) {
	ctx := context.Background()
	f := &fakeRunner{replies: map[string]reply{}}
	o := New(f)
	h := NewHost("ece-web-a", f)
	old := winops.Binding{Protocol: "https", Information: "*:443:" + distinctHost, SSLFlags: 1}
	runs := map[string]func(){
		opCertificates: func() { _, _ = o.Certificates(ctx) },
		opImportPFX:    func() { _, _ = o.ImportPFX(ctx, []byte("pfx-bytes"), distinctPassword, distinctFriendly) },
		opExportPFX:    func() { _, _ = o.ExportPFX(ctx, strings.Repeat("AB", 20), distinctPassword) },
		opNewRequest: func() {
			_, _ = o.NewRequest(ctx, winops.CertRequest{CommonName: distinctCN, KeySize: 2048, FriendlyName: distinctFriendly})
		},
		opPendingRequests: func() { _, _ = o.PendingRequests(ctx) },
		opCompleteRequest: func() { _, _ = o.CompleteRequest(ctx, []byte(recorded(t, "signed-by-ca.cer"))) },
		opSite:            func() { _, _ = o.Site(ctx, distinctSite) },
		opSetSiteBinding: func() {
			_ = o.SetSiteBinding(ctx, distinctSite, &old, winops.Binding{Protocol: "https", Information: "*:443:"})
		},
		opSSLBindings: func() { _, _ = o.SSLBindings(ctx) },
		opSetSSLBinding: func() {
			_ = o.SetSSLBinding(ctx, winops.SSLBinding{Endpoint: distinctHost + ":443", CertHash: strings.Repeat("CD", 20), AppID: winops.IISAppID})
		},
		opReadFile:       func() { _, _ = h.ReadFile(ctx, distinctPath) },
		opWriteFile:      func() { _ = h.WriteFile(ctx, distinctPath, []byte("x"), 0o644) },
		opCopyFile:       func() { _ = h.CopyFile(ctx, distinctPath, distinctPath2) },
		opRemoveFile:     func() { _ = h.Remove(ctx, distinctPath) },
		opServiceStatus:  func() { _, _ = h.ServiceStatus(ctx, distinctService) },
		opRestartService: func() { _ = h.RestartService(ctx, distinctService) },
	}
	// SetSSLBinding reads the current bindings first.
	f.replies[opSSLBindings] = ok(t, "ssl_bindings.out")
	wants := map[string][]string{
		opImportPFX:      {distinctPassword, distinctFriendly},
		opExportPFX:      {distinctPassword},
		opNewRequest:     {distinctCN, distinctFriendly},
		opSite:           {distinctSite},
		opSetSiteBinding: {distinctSite, distinctHost},
		opSetSSLBinding:  {distinctHost},
		opReadFile:       {distinctPath},
		opWriteFile:      {distinctPath},
		opCopyFile:       {distinctPath, distinctPath2},
		opRemoveFile:     {distinctPath},
		opServiceStatus:  {distinctService},
		opRestartService: {distinctService},
	}
	all := []string{distinctPassword, distinctFriendly, distinctPath, distinctSite, distinctService, distinctCN, distinctHost}
	for _, op := range operations {
		t.Run(op, func(t *testing.T) {
			f.calls = nil
			runs[op]()
			var seen *runCall
			for i := range f.calls {
				if f.calls[i].op == op {
					seen = &f.calls[i]
				}
			}
			if seen == nil {
				t.Fatalf("no run of %s (runs: %d)", op, len(f.calls))
			}
			for _, c := range f.calls {
				for _, v := range all {
					if strings.Contains(c.script, v) || strings.Contains(strings.Join(powershellArgs(c.script), " "), v) {
						t.Errorf("%q is in the text of script %s", v, c.op)
					}
				}
			}
			var decoded any
			if err := json.Unmarshal(seen.stdin, &decoded); err != nil {
				t.Fatalf("payload is not JSON: %v", err)
			}
			flat, _ := json.Marshal(decoded)
			for _, v := range wants[op] {
				want, _ := json.Marshal(v)
				if !bytes.Contains(flat, want[1:len(want)-1]) {
					t.Errorf("%q is not in the payload %s", v, seen.stdin)
				}
			}
		})
	}
}

func TestPasswordNeverInErrors(t *testing.T) {
	ctx := context.Background()
	// A script whose error message echoes the password (as a careless
	// cmdlet might) must not pass it on.
	echo := reply{stdout: `{"error":"cannot use password ` + distinctPassword + ` here","code":"cert_not_found"}`, exitCode: 1}
	f := &fakeRunner{replies: map[string]reply{opImportPFX: echo, opExportPFX: echo}}
	o := New(f)
	if _, err := o.ImportPFX(ctx, []byte("pfx"), distinctPassword, "web"); err == nil || strings.Contains(err.Error(), distinctPassword) {
		t.Errorf("ImportPFX error = %v, want an error without the password", err)
	}
	_, err := o.ExportPFX(ctx, strings.Repeat("0A", 20), distinctPassword)
	if err == nil || strings.Contains(err.Error(), distinctPassword) {
		t.Errorf("ExportPFX error = %v, want an error without the password", err)
	}
	if codeOf(err) != CodeCertNotFound {
		t.Errorf("redaction lost the error code: %v", codeOf(err))
	}
}
