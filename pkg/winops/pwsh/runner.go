package pwsh

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Runner runs one PowerShell script with a JSON payload on its standard
// input and returns its standard output.
//
// A script that fails reports {"error": "...", "code": "..."} on standard
// output and exits 1; Run returns that as a *ScriptError carrying the
// script's message, never the payload. An exit code other than 0 without
// such an object is a *ScriptError too, with the (cleaned) standard error
// as its message. Transport failures (powershell.exe missing, WinRM
// unreachable, TLS refused) are plain errors.
type Runner interface {
	Run(ctx context.Context, script string, stdin []byte) (stdout []byte, err error)
}

// powershellArgs returns the powershell.exe arguments that run script,
// passed as Base64 of its UTF-16LE text so that no quoting applies.
func powershellArgs(script string) []string {
	return []string{"-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
		"-InputFormat", "Text", "-EncodedCommand", encodeCommand(script)}
}

// encodeCommand is what -EncodedCommand takes: Base64 of UTF-16LE.
func encodeCommand(script string) string {
	u := utf16.Encode([]rune(script))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// payload encodes v as the JSON a script reads from standard input, with
// every non-ASCII character escaped as \uXXXX so that the console input
// code page cannot alter it.
func payload(v any) ([]byte, error) {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding the script parameters: %w", err)
	}
	return asciiJSON(sb.String()), nil
}

// asciiJSON escapes non-ASCII characters of a JSON text. They can only
// occur inside strings, where \uXXXX (UTF-16, surrogate pairs beyond the
// BMP) means the same character.
func asciiJSON(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x80 {
			out = append(out, byte(r))
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			out = fmt.Appendf(out, `\u%04x`, u)
		}
	}
	return out
}

// scriptResult interprets what a script left: its standard output when it
// succeeded, a *ScriptError when it reported one or exited non-zero. An
// error object wins over exit code 0, in case the host lost the exit code.
func scriptResult(stdout, stderr []byte, exitCode int) ([]byte, error) {
	if line := lastLine(stdout); strings.HasPrefix(line, "{") {
		var e struct {
			Error *string `json:"error"`
			Code  string  `json:"code"`
		}
		if json.Unmarshal([]byte(line), &e) == nil && e.Error != nil {
			return nil, &ScriptError{Code: ErrorCode(e.Code), Message: strings.TrimSpace(*e.Error), ExitCode: exitCode}
		}
	}
	if exitCode != 0 {
		// The whole text goes with the error, clipped only for its
		// message: redact must see a secret the cut would split.
		full := cleanStderr(string(stderr))
		if full == "" {
			full = lastLine(stdout)
		}
		return nil, &ScriptError{Message: clip(full), ExitCode: exitCode, unclipped: full}
	}
	return stdout, nil
}

// lastLine returns the last non-blank line of a script's output, without a
// byte order mark.
func lastLine(out []byte) string {
	lines := strings.Split(string(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lines[i]), "\ufeff"))
		if l != "" {
			return l
		}
	}
	return ""
}

// maxQuoted is how much command output an error quotes, in bytes.
const maxQuoted = 400

// clip shortens command output quoted in an error to maxQuoted bytes (and
// "..."), never cutting a character in half. Secrets must be removed
// before: clip would leave the start of one that crosses the cut.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > maxQuoted {
		return strings.ToValidUTF8(s[:maxQuoted], "") + "..."
	}
	return s
}
