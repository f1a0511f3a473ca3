package pwsh

import (
	"encoding/base64"
	"strings"
)

// launcher is the fixed script WinRMRunner puts on the command line (WinRS
// runs commands through cmd.exe, whose 8191-character line holds about
// 3000 characters of encoded script, less than most operations need).
// Standard input brings the real script, Base64 of its UTF-8 text, on the
// first line and the JSON payload after it. The launcher makes the payload
// the new [Console]::In, so the script reads it exactly as under
// LocalRunner, and runs the script text as a script block (text, not a
// file: no execution policy applies). The script's own "exit" ends
// powershell.exe with its code; the final exit only covers a script that
// returns without one.
const launcher = `$ErrorActionPreference = 'Stop'
$in = [Console]::In.ReadToEnd()
$n = $in.IndexOf([char]10)
if ($n -lt 0) { throw 'ecereconcile launcher: no script on standard input' }
$s = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($in.Substring(0, $n).Trim()))
[Console]::SetIn((New-Object IO.StringReader $in.Substring($n + 1)))
& ([ScriptBlock]::Create($s))
exit $LASTEXITCODE
`

// launcherCommand is the WinRS command line that starts the launcher.
var launcherCommand = "powershell.exe " + strings.Join(powershellArgs(launcher), " ")

// launcherInput frames a script and its payload for the launcher.
func launcherInput(script string, stdin []byte) []byte {
	enc := base64.StdEncoding.EncodeToString([]byte(script))
	out := make([]byte, 0, len(enc)+1+len(stdin))
	out = append(out, enc...)
	out = append(out, '\n')
	return append(out, stdin...)
}
