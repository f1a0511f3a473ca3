// Package pwsh is the production Windows backend: winops.Ops and host.Host
// carried out by Windows PowerShell 5.1 scripts, run on the machine itself
// (LocalRunner, powershell.exe) or on a remote server over WinRM HTTPS
// (WinRMRunner).
//
// It owns the scripts (scripts/*.ps1, one per operation), the way they are
// run, and the parsing of what they print (JSON, and the text of
// "netsh http show sslcert", parsed in Go).
//
// # Use
//
//	r, err := pwsh.NewWinRMRunner(pwsh.WinRMConfig{Endpoint: "https://ece-web-a.example.com:5986/wsman", ...})
//	// or r := pwsh.LocalRunner{} on the server itself
//	h := pwsh.NewHost("ece-web-a", r) // a host.Host: files and services
//	ops := h.Windows()                // winops.Ops over the same runner
//
// # How a script runs
//
// Every operation is one script: a common prologue, the operation's body
// and a common epilogue (see script.go). Parameters are never part of the
// script text. They travel as one JSON object on standard input, which the
// script reads with
//
//	$p = [Console]::In.ReadToEnd() | ConvertFrom-Json
//
// The payload is ASCII: Go escapes every non-ASCII character as \uXXXX, so
// the console input code page cannot garble it. The script prints its
// result as one line of JSON (ConvertTo-Json -Compress, non-ASCII escaped
// the same way) and exits 0; a failure prints {"error":"...","code":"..."}
// and exits 1. A Runner turns that object into a *ScriptError whose Code
// callers branch on (errors.Is maps the codes to fs.ErrNotExist,
// fs.ErrExist, winops.ErrSiteNotFound and winops.ErrCertNotFound).
//
// LocalRunner starts
//
//	powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass
//	               -InputFormat Text -EncodedCommand <Base64 of UTF-16LE script>
//
// with the payload on standard input, then closes it. With -EncodedCommand
// (as with -Command) a redirected standard input is not read as commands:
// it is left to the script, either through $input (the host enumerates it
// line by line) or through [Console]::In. The scripts use only
// [Console]::In.ReadToEnd(), never $input, so the payload is read whole and
// once; -InputFormat Text (the default, written out) keeps it plain text
// rather than CLIXML. Standard input is closed after the payload, so
// ReadToEnd returns and powershell.exe never waits on it.
//
// WinRMRunner cannot put the script on the command line: WinRS runs the
// command through cmd.exe, whose 8191-character limit admits about 3000
// characters of encoded script (the "command line is too long" failures of
// every WinRM client). So the command line carries a fixed launcher
// (launcher.go), and standard input carries the script, Base64-encoded, on
// its first line and the JSON payload after it. The launcher decodes the
// script, makes the payload the new [Console]::In and runs the script text
// as a script block (not a file, so no execution policy applies). Standard
// input is sent in pipe mode (WINRS_CONSOLEMODE_STDIN=FALSE, as Ansible
// does when it feeds stdin) so that its end is a real end of file.
//
// # Invariants
//
//   - No value ever enters script text or a command line: not a path, not
//     a site name, not a password. The scripts are constants (golden files
//     under testdata/scripts), checked by a test that runs every operation
//     with distinctive values and finds them in the payload only.
//   - Values that reach a native command's arguments (netsh, certreq) or an
//     IIS configuration filter are validated in Go first: thumbprints are
//     40 hex digits, application ids GUIDs, endpoints IP:port or
//     hostname:port, site names and binding information free of quotes and
//     wildcards, certificate request names plain ASCII.
//   - Secrets (PFX passwords, the WinRM password) never appear in errors:
//     script messages (and a result line that is not JSON) are redacted
//     against the password before they are returned, in full before they
//     are clipped to 400 bytes, so that a password across the cut leaves
//     none of its characters; WinRM errors never carry credentials.
//   - WinRM is HTTPS only, the server certificate is always verified
//     (against the given CA bundle or the system roots), TLS 1.2 or later.
//   - No certificate and no binding is ever deleted: SetSiteBinding updates
//     one binding in place or adds one (never Remove-WebBinding);
//     SetSSLBinding deletes the http.sys binding of the very endpoint it
//     re-adds, and puts the old one back if adding the new one fails.
//   - Files a script needs on the server (a PFX being imported or
//     exported, certreq's INF and request) live in a private folder under
//     %TEMP% removed in a finally block. NewRequest keeps a copy of each CSR
//     in %ProgramData%\ecereconcile\requests, named by its REQUEST store
//     thumbprint, so PendingRequests can return it; CompleteRequest drops
//     the copies of requests no longer pending.
//   - Files: WriteFile writes a temp file in the same folder, flushes it to
//     disk and swaps it in with [IO.File]::Replace (which keeps the old
//     file's ACL and attributes; perm is ignored on Windows, a new file
//     inherits the folder's ACL) or a move; CopyFile opens the destination
//     with FileMode.CreateNew, so it never overwrites.
//
// # Limits
//
// Windows PowerShell 5.1's ConvertFrom-Json reads at most 2,097,152
// characters, so WriteFile refuses files over 1 MiB (they travel as
// Base64); keystores and spog_config.js are far smaller. The netsh output
// is parsed in English ("IP:port", "Certificate Hash");
// a server with another display language returns no bindings the parser
// recognises, and SetSSLBinding would then add rather than replace (and
// netsh refuses to add over an existing binding). The scripts need Windows
// PowerShell 3.0 or later, the WebAdministration module for the site
// operations and the PKI module (Import-PfxCertificate,
// Export-PfxCertificate), both present on the Windows Server versions ECE
// supports.
package pwsh
