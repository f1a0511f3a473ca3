# RestartService: $p.name (as in ServiceStatus). Restart-Service starts a
# stopped service too; the script waits until it runs (at most 120 s).
$n = [string]$p.name
$all = @(Get-Service -ErrorAction SilentlyContinue)
$s = $all | Where-Object { $_.Name -eq $n } | Select-Object -First 1
if ($null -eq $s) { $s = $all | Where-Object { $_.DisplayName -eq $n } | Select-Object -First 1 }
if ($null -eq $s) { Fail 'service_not_found' 'no service has that name or display name' }
Restart-Service -InputObject $s -Force
$s.WaitForStatus('Running', [TimeSpan]::FromSeconds(120))
$result = [pscustomobject]@{ name = $s.Name; running = $true }
