package pwsh

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io/fs"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

func TestScriptResult(t *testing.T) {
	tests := map[string]struct {
		stdout, stderr string
		exit           int
		wantOut        string
		wantCode       ErrorCode
		wantMsg        string
		wantExit       int
	}{
		"success": {
			stdout:  "\r\n{\"thumbprint\":\"AB\"}\r\n",
			wantOut: "\r\n{\"thumbprint\":\"AB\"}\r\n",
		},
		"error object": {
			stdout: recorded(t, "error-site-not-found.out"), exit: 1,
			wantCode: CodeSiteNotFound, wantMsg: "no IIS site has that name", wantExit: 1,
		},
		"error object although exit 0": {
			stdout:   `{"error":"file does not exist","code":"not_found"}`,
			wantCode: CodeNotFound, wantMsg: "file does not exist",
		},
		"error object without a code": {
			stdout: `{"error":"Access is denied."}`, exit: 1,
			wantMsg: "Access is denied.", wantExit: 1,
		},
		"crash with CLIXML on stderr": {
			stderr: recorded(t, "stderr-clixml.txt"), exit: 1,
			wantMsg:  "The term 'Get-Website' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
			wantExit: 1,
		},
		"crash with plain stderr": {
			stderr: "At line:1 char:1\r\n+ ~~~\r\nParserError", exit: 1,
			wantMsg: "At line:1 char:1\r\n+ ~~~\r\nParserError", wantExit: 1,
		},
		"crash without output": {
			exit:    -1073741510,
			wantMsg: "powershell exited with code -1073741510", wantExit: -1073741510,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := scriptResult([]byte(tc.stdout), []byte(tc.stderr), tc.exit)
			if tc.wantMsg == "" {
				if err != nil || string(out) != tc.wantOut {
					t.Fatalf("= %q, %v; want %q", out, err, tc.wantOut)
				}
				return
			}
			var se *ScriptError
			if !errors.As(err, &se) {
				t.Fatalf("error = %v, want a *ScriptError", err)
			}
			if se.Code != tc.wantCode || se.Error() != tc.wantMsg || se.ExitCode != tc.wantExit {
				t.Errorf("= {%v %q %d}, want {%v %q %d}", se.Code, se.Error(), se.ExitCode, tc.wantCode, tc.wantMsg, tc.wantExit)
			}
		})
	}
}

func TestScriptErrorIs(t *testing.T) {
	tests := map[ErrorCode]error{
		CodeNotFound:     fs.ErrNotExist,
		CodeExists:       fs.ErrExist,
		CodeSiteNotFound: winops.ErrSiteNotFound,
		CodeCertNotFound: winops.ErrCertNotFound,
	}
	for code, target := range tests {
		t.Run(code.String(), func(t *testing.T) {
			err := error(&ScriptError{Code: code, Message: "x"})
			if !errors.Is(err, target) {
				t.Errorf("%v is not %v", code, target)
			}
			if errors.Is(&ScriptError{Code: CodeNative}, target) {
				t.Errorf("native is %v", target)
			}
		})
	}
	if CodeUnknown.String() != "unknown" || CodeNative.String() != "native" {
		t.Errorf("String() = %q, %q", CodeUnknown, CodeNative)
	}
}

func TestPayloadIsASCII(t *testing.T) {
	in := map[string]string{"friendlyName": "Cert ECE — ñandú 😀", "path": `C:\x<&>`}
	b, err := payload(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b {
		if c >= 0x80 {
			t.Fatalf("non-ASCII byte in %s", b)
		}
	}
	if !strings.Contains(string(b), `\ud83d\ude00`) || !strings.Contains(string(b), `<&>`) {
		t.Errorf("payload = %s", b)
	}
	var back map[string]string
	if err := json.Unmarshal(b, &back); err != nil || back["friendlyName"] != in["friendlyName"] || back["path"] != in["path"] {
		t.Errorf("round trip = %v, %v", back, err)
	}
}

func TestEncodeCommand(t *testing.T) {
	script := "Write-Output 'é'\n"
	raw, err := base64.StdEncoding.DecodeString(encodeCommand(script))
	if err != nil {
		t.Fatal(err)
	}
	u := make([]uint16, len(raw)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(raw[2*i:])
	}
	if got := string(utf16.Decode(u)); got != script {
		t.Errorf("decoded = %q", got)
	}
	args := powershellArgs(script)
	if args[len(args)-2] != "-EncodedCommand" || !strings.Contains(strings.Join(args, " "), "-NonInteractive -ExecutionPolicy Bypass -InputFormat Text") {
		t.Errorf("args = %q", args)
	}
}

func TestLauncherInput(t *testing.T) {
	in := launcherInput("Write-Output 1\n", []byte(`{"a":1}`+"\n"))
	first, rest, found := strings.Cut(string(in), "\n")
	dec, err := base64.StdEncoding.DecodeString(first)
	if !found || err != nil || string(dec) != "Write-Output 1\n" || rest != `{"a":1}`+"\n" {
		t.Errorf("launcher input = %q", in)
	}
	if !strings.HasPrefix(launcherCommand, "powershell.exe -NoLogo -NoProfile") || strings.Contains(launcherCommand, `{"a"`) {
		t.Errorf("launcher command = %q", launcherCommand)
	}
}

func TestChildEnvDropsSecrets(t *testing.T) {
	got := childEnv([]string{"Path=C:\\Windows", "ProgramData=C:\\ProgramData", "ECE_KEYSTORE_PASSWORD=hunter2", "WINRM_PASS=x", "=C:=C:\\"})
	if strings.Join(got, ";") != `Path=C:\Windows;ProgramData=C:\ProgramData` {
		t.Errorf("childEnv = %v", got)
	}
}

func TestLocalRunnerOffWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("powershell.exe exists here")
	}
	_, err := LocalRunner{}.Run(context.Background(), script(opCertificates), []byte("{}"))
	if !errors.Is(err, ErrNotWindows) || err.Error() != "powershell.exe is only available on Windows" {
		t.Errorf("Run = %v, want ErrNotWindows", err)
	}
}

func TestCancelledContextRunsNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := &fakeRunner{}
	if _, err := New(f).Certificates(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Certificates = %v", err)
	}
	if len(f.calls) != 0 {
		t.Errorf("%d runs with a cancelled context", len(f.calls))
	}
}
