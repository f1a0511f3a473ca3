package pwsh

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// secretAt is text of n bytes of "x" followed by the secret and a tail, so
// that n < maxQuoted < n+len(secret) puts the secret across the cut.
func secretAt(n int, secret string) string {
	return strings.Repeat("x", n) + secret + " and more output after it"
}

func TestRedact(t *testing.T) {
	const secret = "Pfx-Secret-8Kd2!"
	failed := func(stdout, stderr string) error {
		_, err := scriptResult([]byte(stdout), []byte(stderr), 1)
		return err
	}
	cut := strings.Repeat("x", maxQuoted-4) + "[red..." // "[redacted]" starts 4 bytes before the cut
	tests := map[string]struct {
		err      error
		secret   string
		want     string // the redacted error's text
		wantSame bool   // the error itself comes back
		wantCode ErrorCode
	}{
		"error object message": {
			err:    &ScriptError{Code: CodeCertNotFound, Message: "bad password " + secret, ExitCode: 1},
			secret: secret, want: "bad password [redacted]", wantCode: CodeCertNotFound,
		},
		"plain standard error with the secret across the cut": {
			err:    failed("", secretAt(maxQuoted-4, secret)),
			secret: secret, want: cut,
		},
		"CLIXML standard error with the secret across the cut": {
			err: failed("", "#< CLIXML\r\n<Objs Version=\"1.1.0.1\"><S S=\"Error\">"+
				secretAt(maxQuoted-4, secret)+"_x000D__x000A_</S></Objs>"),
			secret: secret, want: cut,
		},
		"last line of standard output with the secret across the cut": {
			err:    failed("progress\r\n"+secretAt(maxQuoted-4, secret)+"\r\n", ""),
			secret: secret, want: cut,
		},
		"secret starting one byte before the cut": {
			err:    failed("", secretAt(maxQuoted-1, secret)),
			secret: secret, want: strings.Repeat("x", maxQuoted-1) + "[...",
		},
		"secret right after the cut": {
			err:    failed("", secretAt(maxQuoted, secret)),
			secret: secret, want: strings.Repeat("x", maxQuoted) + "...",
		},
		"secret twice, once inside the message": {
			err:    failed("", "password "+secret+" "+secretAt(maxQuoted-30, secret)),
			secret: secret, want: "password [redacted] " + strings.Repeat("x", maxQuoted-30) + "[redacted]...",
		},
		"other error": {
			err:    errors.New("dial: " + secret),
			secret: secret, want: "dial: [redacted]",
		},
		"no secret in the error": {
			err:    failed("", secretAt(maxQuoted-4, "nothing")),
			secret: secret, wantSame: true,
		},
		"no secret to remove": {
			err:      failed("", secretAt(maxQuoted-4, secret)),
			wantSame: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before := tc.err.Error()
			got := redact(tc.err, tc.secret)
			if tc.wantSame {
				if got != tc.err {
					t.Errorf("redact replaced an error it had nothing to remove from: %v", got)
				}
				return
			}
			if got.Error() != tc.want {
				t.Errorf("redacted:\n  %q\nwant\n  %q", got, tc.want)
			}
			for i := 3; i <= len(tc.secret); i++ {
				if strings.Contains(got.Error(), tc.secret[:i]) {
					t.Errorf("%q, the first %d characters of the secret, is left in %q", tc.secret[:i], i, got)
					break
				}
			}
			if tc.err.Error() != before {
				t.Error("redact changed the original error")
			}
			var se *ScriptError
			if errors.As(tc.err, &se) && codeOf(got) != tc.wantCode {
				t.Errorf("code %v, want %v", codeOf(got), tc.wantCode)
			}
		})
	}
	if !errors.Is(redact(&ScriptError{Code: CodeCertNotFound, Message: secret}, secret), winops.ErrCertNotFound) {
		t.Error("redaction lost errors.Is")
	}
}

func TestClip(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"short":                      {"  Access is denied.\r\n", "Access is denied."},
		"exactly the limit":          {strings.Repeat("a", maxQuoted), strings.Repeat("a", maxQuoted)},
		"one byte over":              {strings.Repeat("a", maxQuoted+1), strings.Repeat("a", maxQuoted) + "..."},
		"a character across the cut": {strings.Repeat("a", maxQuoted-1) + "é", strings.Repeat("a", maxQuoted-1) + "..."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := clip(tc.in); got != tc.want {
				t.Errorf("clip = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPasswordAcrossTheCutNeverInErrors drives the operations that take a
// password with a script whose output puts it across the cut.
func TestPasswordAcrossTheCutNeverInErrors(t *testing.T) {
	ctx := context.Background()
	tests := map[string]reply{
		"standard error":         {stderr: secretAt(maxQuoted-5, distinctPassword), exitCode: 1},
		"last line of stdout":    {stdout: secretAt(maxQuoted-5, distinctPassword), exitCode: 1},
		"result that is no JSON": {stdout: secretAt(maxQuoted-5, distinctPassword)},
	}
	for name, r := range tests {
		t.Run(name, func(t *testing.T) {
			o := New(&fakeRunner{replies: map[string]reply{opImportPFX: r, opExportPFX: r}})
			_, ierr := o.ImportPFX(ctx, []byte("pfx"), distinctPassword, "web")
			_, eerr := o.ExportPFX(ctx, strings.Repeat("0A", 20), distinctPassword)
			for _, err := range []error{ierr, eerr} {
				if err == nil {
					t.Fatal("no error")
				}
				if !strings.Contains(err.Error(), "[reda...") || strings.Contains(err.Error(), distinctPassword[:3]) {
					t.Errorf("error %q: want the mask where the password was and none of its characters", err)
				}
			}
		})
	}
}
