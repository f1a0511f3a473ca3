# CompleteRequest: $p.cert (Base64 DER signed by the CA), $p.thumbprint (its
# SHA-1, computed in Go). certreq -accept joins it with the pending private
# key and installs it in LocalMachine\My. CSR copies of requests no longer
# pending are then removed.
$dir = New-TempFolder
try {
  $file = Join-Path $dir 'response.cer'
  [IO.File]::WriteAllBytes($file, [Convert]::FromBase64String($p.cert))
  $null = Invoke-Native 'certreq.exe' @('-accept', '-q', '-machine', $file)
} finally {
  Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
}
$cert = Get-ChildItem -Path 'Cert:\LocalMachine\My' | Where-Object { $_.Thumbprint -eq $p.thumbprint } | Select-Object -First 1
if ($null -eq $cert) { Fail 'cert_not_found' 'certreq -accept did not install the certificate in LocalMachine\My' }
if (-not $cert.HasPrivateKey) { Fail 'no_private_key' 'the certificate was installed without a private key: no pending request on this server matches it' }
$store = Join-Path $env:ProgramData 'ecereconcile\requests'
if ([IO.Directory]::Exists($store)) {
  $pending = @(Get-ChildItem -Path 'Cert:\LocalMachine\REQUEST' | ForEach-Object { $_.Thumbprint })
  Get-ChildItem -LiteralPath $store -Filter '*.req' | Where-Object { $pending -notcontains $_.BaseName } | Remove-Item -Force
}
$result = [pscustomobject]@{ thumbprint = $cert.Thumbprint }
