package pwsh

import (
	"embed"
	"fmt"
	"strings"
)

// scriptFiles are the operation bodies, one per operation, named after it.
//
//go:embed scripts/*.ps1
var scriptFiles embed.FS

// Operation names: the scripts/<name>.ps1 bodies.
const (
	opCertificates    = "certificates"
	opImportPFX       = "import_pfx"
	opExportPFX       = "export_pfx"
	opNewRequest      = "new_request"
	opPendingRequests = "pending_requests"
	opCompleteRequest = "complete_request"
	opSite            = "site"
	opSetSiteBinding  = "set_site_binding"
	opSSLBindings     = "ssl_bindings"
	opSetSSLBinding   = "set_ssl_binding"
	opReadFile        = "read_file"
	opWriteFile       = "write_file"
	opCopyFile        = "copy_file"
	opRemoveFile      = "remove_file"
	opServiceStatus   = "service_status"
	opRestartService  = "restart_service"
)

// operations lists every operation, in the order of the winops and host
// contracts.
var operations = []string{
	opCertificates, opImportPFX, opExportPFX, opNewRequest, opPendingRequests,
	opCompleteRequest, opSite, opSetSiteBinding, opSSLBindings, opSetSSLBinding,
	opReadFile, opWriteFile, opCopyFile, opRemoveFile, opServiceStatus, opRestartService,
}

// prologue opens every script: strict errors, the helpers, and the read of
// the parameters. Fail throws an error that carries a code; Invoke-Native
// runs a native command, capturing its output and failing on a non-zero
// exit (with $ErrorActionPreference relaxed around it, or PowerShell 5.1
// would stop at the first line the command writes to standard error);
// ConvertTo-AsciiJson is ConvertTo-Json with every non-ASCII character
// escaped, so the console output code page cannot alter it.
const prologue = `# Parameters: one JSON object on standard input. Result: one line of JSON on
# standard output and exit 0; a failure is {"error":"...","code":"..."} and exit 1.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Fail([string]$Code, [string]$Message) {
  $e = New-Object System.Exception $Message
  $e.Data['ecereconcile.code'] = $Code
  throw $e
}
function Invoke-Native([string]$Exe, [string[]]$Arguments) {
  $eap = $ErrorActionPreference
  $ErrorActionPreference = 'Continue'
  try { $out = (& $Exe @Arguments 2>&1 | ForEach-Object { "$_" }) -join "` + "`" + `n" }
  finally { $ErrorActionPreference = $eap }
  if ($LASTEXITCODE -ne 0) { Fail 'native' ('{0} exited with code {1}: {2}' -f $Exe, $LASTEXITCODE, $out.Trim()) }
  $out
}
function New-TempFolder {
  $d = Join-Path ([IO.Path]::GetTempPath()) ('ecereconcile-' + [Guid]::NewGuid().ToString('N'))
  [void][IO.Directory]::CreateDirectory($d)
  $d
}
function ConvertTo-AsciiJson($Value) {
  $json = ConvertTo-Json -InputObject $Value -Depth 5 -Compress
  [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}
try {
$p = [Console]::In.ReadToEnd() | ConvertFrom-Json
$result = $null
`

// epilogue prints the result, or the error object, on a line of its own.
// The code comes from the first exception in the chain that carries one.
const epilogue = `[Console]::Out.Write("` + "`" + `n" + (ConvertTo-AsciiJson $result) + "` + "`" + `n")
exit 0
} catch {
  $code = ''
  $message = $_.Exception.Message
  for ($x = $_.Exception; $null -ne $x; $x = $x.InnerException) {
    if ($x.Data.Contains('ecereconcile.code')) { $code = [string]$x.Data['ecereconcile.code']; $message = $x.Message; break }
  }
  $fail = New-Object PSObject -Property @{ error = $message; code = $code }
  [Console]::Out.Write("` + "`" + `n" + (ConvertTo-AsciiJson $fail) + "` + "`" + `n")
  exit 1
}
`

// script returns the whole script of an operation: prologue, body,
// epilogue. It panics on an unknown name, which only a typo in this
// package can produce (the golden test runs every name).
func script(name string) string {
	body, err := scriptFiles.ReadFile("scripts/" + name + ".ps1")
	if err != nil {
		panic(fmt.Sprintf("pwsh: no script %q", name))
	}
	b := strings.ReplaceAll(string(body), "\r\n", "\n")
	if !strings.HasSuffix(b, "\n") {
		b += "\n"
	}
	return "# ecereconcile " + name + "\n" + prologue + b + epilogue
}
