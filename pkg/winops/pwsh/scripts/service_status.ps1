# ServiceStatus: $p.name, matched as a plain string against the service name,
# else its display name. Unknown is {"exists": false}, not an error.
$n = [string]$p.name
$all = @(Get-Service -ErrorAction SilentlyContinue)
$s = $all | Where-Object { $_.Name -eq $n } | Select-Object -First 1
if ($null -eq $s) { $s = $all | Where-Object { $_.DisplayName -eq $n } | Select-Object -First 1 }
if ($null -eq $s) {
  $result = [pscustomobject]@{ exists = $false }
} else {
  $started = ''
  if ($s.Status -eq 'Running') {
    $w = Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $s.Name } | Select-Object -First 1
    if ($w -and $w.ProcessId -gt 0) {
      $proc = Get-Process -Id $w.ProcessId -ErrorAction SilentlyContinue
      if ($proc -and $proc.StartTime) { $started = $proc.StartTime.ToUniversalTime().ToString('o') }
    }
  }
  $result = [pscustomobject]@{ exists = $true; name = $s.Name; running = ($s.Status -eq 'Running'); startedAt = $started }
}
