package pwsh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// ErrNotWindows is returned by LocalRunner on a machine that is not Windows.
var ErrNotWindows = errors.New("powershell.exe is only available on Windows")

// maxCommandLine is CreateProcess's limit on a command line, in characters.
const maxCommandLine = 32767

// LocalRunner runs scripts in powershell.exe on this machine. It compiles
// everywhere; anywhere but Windows, Run returns ErrNotWindows.
type LocalRunner struct{}

var _ Runner = LocalRunner{}

// Run starts powershell.exe with the script as -EncodedCommand, writes
// stdin to it and closes it, and waits for the script to end. The child
// gets a trimmed environment (childEnv).
func (LocalRunner) Run(ctx context.Context, script string, stdin []byte) ([]byte, error) {
	if runtime.GOOS != "windows" {
		return nil, ErrNotWindows
	}
	exe, err := exec.LookPath("powershell.exe")
	if err != nil {
		return nil, fmt.Errorf("finding powershell.exe: %w", err)
	}
	args := powershellArgs(script)
	if n := len(exe) + len(strings.Join(args, " ")) + 3; n > maxCommandLine {
		return nil, fmt.Errorf("powershell: the encoded script needs a %d-character command line, more than Windows allows", n)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = childEnv(os.Environ())
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, fmt.Errorf("powershell: %w", ctxErr)
	}
	exitCode := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		exitCode = exit.ExitCode()
	case err != nil:
		return nil, fmt.Errorf("running powershell.exe: %w", err)
	}
	return scriptResult(stdout.Bytes(), stderr.Bytes(), exitCode)
}

// childEnvKeep are the variables PowerShell needs to start and find its
// modules. Everything else (keystore passwords given as {env: NAME} among
// them) stays out of the child's environment.
var childEnvKeep = map[string]bool{
	"SYSTEMROOT": true, "WINDIR": true, "SYSTEMDRIVE": true, "PATH": true, "PATHEXT": true,
	"COMSPEC": true, "TEMP": true, "TMP": true, "PSMODULEPATH": true, "PROGRAMFILES": true,
	"PROGRAMFILES(X86)": true, "PROGRAMW6432": true, "PROGRAMDATA": true, "ALLUSERSPROFILE": true,
	"USERPROFILE": true, "APPDATA": true, "LOCALAPPDATA": true, "COMPUTERNAME": true,
	"USERNAME": true, "USERDOMAIN": true, "NUMBER_OF_PROCESSORS": true,
	"PROCESSOR_ARCHITECTURE": true,
}

// childEnv filters environ (KEY=VALUE entries) down to childEnvKeep;
// Windows variable names are case-insensitive.
func childEnv(environ []string) []string {
	var out []string
	for _, kv := range environ {
		k, _, ok := strings.Cut(kv, "=")
		if ok && childEnvKeep[strings.ToUpper(k)] {
			out = append(out, kv)
		}
	}
	return out
}
