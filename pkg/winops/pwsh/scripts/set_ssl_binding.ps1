# SetSSLBinding: $p.kind (ipport | hostnameport), $p.endpoint, $p.certhash,
# $p.appid, $p.store, and $p.old (certhash, appid, store) when the endpoint
# has a binding now. All were validated in Go (hex, GUID, endpoint shape,
# store name), so they are plain netsh arguments. The binding of that very
# endpoint is deleted and re-added; if adding fails, the old one is put back.
$key = [string]$p.kind + '=' + [string]$p.endpoint
$add = @('http', 'add', 'sslcert', $key, ('certhash=' + $p.certhash), ('appid=' + $p.appid), ('certstorename=' + $p.store))
if ($null -eq $p.old) {
  $null = Invoke-Native 'netsh.exe' $add
} else {
  $null = Invoke-Native 'netsh.exe' @('http', 'delete', 'sslcert', $key)
  try {
    $null = Invoke-Native 'netsh.exe' $add
  } catch {
    $addError = $_
    $restore = @('http', 'add', 'sslcert', $key, ('certhash=' + $p.old.certhash), ('appid=' + $p.old.appid))
    if ([string]$p.old.store -ne '') { $restore += ('certstorename=' + $p.old.store) }
    try {
      $null = Invoke-Native 'netsh.exe' $restore
    } catch {
      Fail 'restore_failed' ('adding the new binding failed (' + $addError.Exception.Message + ') and restoring the old one failed too (' + $_.Exception.Message + ')')
    }
    throw $addError
  }
}
$result = [pscustomobject]@{ changed = $true }
