package local

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

// serviceEnv carries the service name to the PowerShell scripts. The scripts
// read it as data; it is never spliced into script text.
const serviceEnv = "ECERECONCILE_SERVICE"

// findService is the common prologue: $s is the service whose Name, or else
// whose DisplayName, equals $env:ECERECONCILE_SERVICE (compared as a plain
// string: Where-Object -eq, not Get-Service -Name, which takes wildcards).
const findService = `$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$n = $env:ECERECONCILE_SERVICE
$all = @(Get-Service -ErrorAction SilentlyContinue)
$s = $all | Where-Object { $_.Name -eq $n } | Select-Object -First 1
if ($null -eq $s) { $s = $all | Where-Object { $_.DisplayName -eq $n } | Select-Object -First 1 }
`

// statusScript prints {"exists":false} or
// {"exists":true,"name":...,"running":...,"startedAt":"<ISO 8601 UTC or empty>"}.
const statusScript = findService + `if ($null -eq $s) { '{"exists":false}'; exit 0 }
$started = ''
if ($s.Status -eq 'Running') {
  $w = Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $s.Name } | Select-Object -First 1
  if ($w -and $w.ProcessId -gt 0) {
    $p = Get-Process -Id $w.ProcessId -ErrorAction SilentlyContinue
    if ($p -and $p.StartTime) { $started = $p.StartTime.ToUniversalTime().ToString('o') }
  }
}
[pscustomobject]@{ exists = $true; name = $s.Name; running = ($s.Status -eq 'Running'); startedAt = $started } | ConvertTo-Json -Compress
`

// exitNotFound is restartScript's exit code for an unknown service.
const exitNotFound = 3

// restartScript restarts the service (starting it when stopped) and waits
// until it runs.
const restartScript = findService + `if ($null -eq $s) { exit 3 }
Restart-Service -InputObject $s -Force
$s.WaitForStatus('Running', [TimeSpan]::FromSeconds(120))
`

// powershellArgs returns the arguments that run script in powershell.exe.
// -EncodedCommand (Base64 of UTF-16LE) sidesteps the command line quoting of
// powershell.exe entirely.
func powershellArgs(script string) []string {
	u := utf16.Encode([]rune(script))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return []string{"-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
		"-EncodedCommand", base64.StdEncoding.EncodeToString(b)}
}

// checkServiceName refuses names that cannot travel in an environment
// variable.
func checkServiceName(name string) error {
	if name == "" {
		return fmt.Errorf("empty service name")
	}
	if strings.ContainsRune(name, 0) {
		return fmt.Errorf("service name %q contains a NUL byte", name)
	}
	return nil
}

// parseStatus decodes statusScript's output.
func parseStatus(name string, out []byte) (host.ServiceStatus, error) {
	var r struct {
		Exists    bool   `json:"exists"`
		Name      string `json:"name"`
		Running   bool   `json:"running"`
		StartedAt string `json:"startedAt"`
	}
	text := strings.TrimSpace(strings.TrimPrefix(string(out), "\ufeff"))
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		return host.ServiceStatus{}, fmt.Errorf("service %s: unexpected Get-Service output %q: %w", name, clip(text), err)
	}
	st := host.ServiceStatus{Name: name, Exists: r.Exists, Running: r.Running}
	if r.StartedAt != "" {
		t, err := time.Parse(time.RFC3339Nano, r.StartedAt)
		if err != nil {
			return host.ServiceStatus{}, fmt.Errorf("service %s: start time %q: %w", name, r.StartedAt, err)
		}
		st.StartedAt = t.UTC()
	}
	return st, nil
}

// clip shortens command output quoted in an error.
func clip(s string) string {
	s = strings.TrimSpace(s)
	const max = 400
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

// childEnvKeep are the variables PowerShell needs to start and find its
// modules. Everything else (keystore passwords given as {env: NAME} among
// them) stays out of the child's environment.
var childEnvKeep = map[string]bool{
	"SYSTEMROOT": true, "WINDIR": true, "SYSTEMDRIVE": true, "PATH": true, "PATHEXT": true,
	"COMSPEC": true, "TEMP": true, "TMP": true, "PSMODULEPATH": true, "PROGRAMFILES": true,
	"PROGRAMFILES(X86)": true, "PROGRAMDATA": true, "USERPROFILE": true, "APPDATA": true,
	"LOCALAPPDATA": true, "COMPUTERNAME": true, "USERNAME": true, "USERDOMAIN": true,
	"NUMBER_OF_PROCESSORS": true, "PROCESSOR_ARCHITECTURE": true,
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
