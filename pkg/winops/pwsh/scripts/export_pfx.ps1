# ExportPFX: $p.thumbprint, $p.password. Export-PfxCertificate writes a file:
# it goes to a private temp folder, is read back and removed.
$cert = Get-ChildItem -Path 'Cert:\LocalMachine\My' | Where-Object { $_.Thumbprint -eq $p.thumbprint } | Select-Object -First 1
if ($null -eq $cert) { Fail 'cert_not_found' 'no such certificate in LocalMachine\My' }
if (-not $cert.HasPrivateKey) { Fail 'no_private_key' 'the certificate has no private key on this server' }
$pw = New-Object System.Security.SecureString
foreach ($ch in ([string]$p.password).ToCharArray()) { $pw.AppendChar($ch) }
$dir = New-TempFolder
try {
  $file = Join-Path $dir 'export.pfx'
  $null = Export-PfxCertificate -Cert $cert -FilePath $file -Password $pw -ChainOption BuildChain
  $bytes = [IO.File]::ReadAllBytes($file)
} finally {
  Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
}
$result = [pscustomobject]@{ pfx = [Convert]::ToBase64String($bytes) }
