# ImportPFX: $p.pfx (Base64), $p.password, $p.friendlyName.
# Import-PfxCertificate reads a file: the PFX (still encrypted) is written to
# a private temp folder and removed right after the import.
$pw = New-Object System.Security.SecureString
foreach ($ch in ([string]$p.password).ToCharArray()) { $pw.AppendChar($ch) }
$dir = New-TempFolder
try {
  $file = Join-Path $dir 'import.pfx'
  [IO.File]::WriteAllBytes($file, [Convert]::FromBase64String($p.pfx))
  $imported = @(Import-PfxCertificate -FilePath $file -CertStoreLocation 'Cert:\LocalMachine\My' -Password $pw -Exportable)
} finally {
  Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
}
$leaf = @($imported | Where-Object { $_.HasPrivateKey })
if ($leaf.Count -ne 1) { Fail 'import' ('the PFX holds {0} certificates with a private key, want 1' -f $leaf.Count) }
$cert = Get-ChildItem -Path 'Cert:\LocalMachine\My' | Where-Object { $_.Thumbprint -eq $leaf[0].Thumbprint } | Select-Object -First 1
$cert.FriendlyName = [string]$p.friendlyName
$result = [pscustomobject]@{ thumbprint = $cert.Thumbprint }
