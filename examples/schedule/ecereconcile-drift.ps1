<#
.SYNOPSIS
    Runs `ecereconcile drift` for the Windows Task Scheduler and publishes the
    result as a Prometheus textfile.

.DESCRIPTION
    Runs `ecereconcile drift -f SPEC --format prometheus` and publishes its
    report in TextFile, a *.prom file in windows_exporter's textfile collector
    folder (C:\Program Files\windows_exporter\textfile_inputs by default).
    The exit code is drift's, which Task Scheduler shows as the task's Last
    Run Result:

      0 (0x0)  in sync
      2 (0x2)  drift: what drifted goes to the log
      1 (0x1)  the check failed (an invalid spec, an unreachable server,
               ecereconcile missing): the error goes to the log

    TextFile is replaced atomically: drift writes a temporary file beside it
    (not *.prom, so the collector skips it) that then replaces it. When drift
    wrote no report, the textfile says ecereconcile_drift_check_success 0.

.PARAMETER Spec
    The environment spec.

.PARAMETER TextFile
    The Prometheus textfile to replace.

.PARAMETER Ecereconcile
    The ecereconcile binary; default ecereconcile.exe on PATH.

.PARAMETER Environment
    The spec's metadata.name, the reports' environment label, used when drift
    writes no report; default: taken from the previous report.

.PARAMETER LogFile
    Where drift and failures are logged (appended, UTF-8); default none, the
    messages then go to the error stream only.

.EXAMPLE
    powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ecereconcile-drift.ps1 -Spec C:\ecereconcile\envs\prod\spec.yaml -TextFile 'C:\Program Files\windows_exporter\textfile_inputs\ecereconcile_prod.prom'
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $Spec,
    [Parameter(Mandatory = $true)] [string] $TextFile,
    [string] $Ecereconcile = 'ecereconcile.exe',
    [string] $Environment = '',
    [string] $LogFile = ''
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Write-Log([string] $Message) {
    if ($LogFile) {
        Add-Content -LiteralPath $LogFile -Encoding UTF8 -Value ('{0:yyyy-MM-ddTHH:mm:ssK} {1}' -f (Get-Date), $Message)
    }
    [Console]::Error.WriteLine($Message)
}

# .NET resolves relative paths against the process folder, not PowerShell's.
$TextFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($TextFile)
$tmp = Join-Path (Split-Path -Parent $TextFile) ('.{0}.{1}.tmp' -f (Split-Path -Leaf $TextFile), $PID)
if (Test-Path -LiteralPath $tmp) { Remove-Item -LiteralPath $tmp -Force }

# Native stderr must not become a terminating error: collect it with stdout.
$ErrorActionPreference = 'Continue'
try {
    $output = & $Ecereconcile drift -f $Spec --format prometheus --out $tmp 2>&1 | Out-String
    $code = $LASTEXITCODE
} catch {
    $output = $_.Exception.Message
    $code = 1
}
$ErrorActionPreference = 'Stop'

try {
    if (-not (Test-Path -LiteralPath $tmp) -or (Get-Item -LiteralPath $tmp).Length -eq 0) {
        # No report: say that the check failed.
        # Keep the previous report's environment and last check, so
        # that timestamp grows old (an alert) instead of vanishing.
        $kept = @()
        if (Test-Path -LiteralPath $TextFile) {
            $previous = Get-Content -LiteralPath $TextFile
            if (-not $Environment) {
                $m = $previous | Select-String -Pattern '^ecereconcile_drift_check_success\{environment="([^"]*)"' | Select-Object -First 1
                if ($m) { $Environment = $m.Matches[0].Groups[1].Value }
            }
            $kept = @($previous | Where-Object { $_ -like '*ecereconcile_drift_last_check_timestamp_seconds*' })
        }
        $label = $Spec.Replace('\', '\\').Replace('"', '\"')
        $envLabel = $Environment.Replace('\', '\\').Replace('"', '\"')
        $text = "# HELP ecereconcile_drift_check_success 1 when every resource could be read and planned, 0 when some could not (their drift is not known).`n" +
            "# TYPE ecereconcile_drift_check_success gauge`n" +
            "ecereconcile_drift_check_success{environment=`"$envLabel`",spec=`"$label`"} 0`n"
        foreach ($line in $kept) { $text += "$line`n" }
        [IO.File]::WriteAllText($tmp, $text, (New-Object System.Text.UTF8Encoding($false)))
        if ($code -eq 0 -or $code -eq 2) {
            $output = "ecereconcile drift exited $code without writing its report`n$output"
            $code = 1
        }
    }
    if (Test-Path -LiteralPath $TextFile) {
        [IO.File]::Replace($tmp, $TextFile, [NullString]::Value)
    } else {
        [IO.File]::Move($tmp, $TextFile)
    }
} catch {
    Write-Log "ecereconcile-drift: cannot replace ${TextFile}: $($_.Exception.Message)"
    if (Test-Path -LiteralPath $tmp) { Remove-Item -LiteralPath $tmp -Force }
    exit 1
}

switch ($code) {
    0 { }
    2 { Write-Log "ecereconcile: $Spec has drifted:`n$output" }
    default {
        Write-Log "ecereconcile: the drift check of $Spec failed (exit $code):`n$output"
        $code = 1
    }
}
exit $code
