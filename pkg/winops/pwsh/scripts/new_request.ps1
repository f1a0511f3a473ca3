# NewRequest: $p.subject, $p.dnsNames, $p.keyLength, $p.friendlyName (all
# validated as plain ASCII in Go). certreq creates the key pair in the machine
# key set and a pending entry in LocalMachine\REQUEST; a copy of the CSR is
# kept under ProgramData, named by that entry's thumbprint, for
# PendingRequests.
$lines = @(
  '[Version]'
  'Signature="$Windows NT$"'
  ''
  '[NewRequest]'
  ('Subject = "' + $p.subject + '"')
  ('KeyLength = ' + [int]$p.keyLength)
  'KeySpec = 1'
  'KeyUsage = 0xa0'
  'Exportable = TRUE'
  'MachineKeySet = TRUE'
  'ProviderName = "Microsoft RSA SChannel Cryptographic Provider"'
  'ProviderType = 12'
  'RequestType = PKCS10'
  'HashAlgorithm = sha256'
)
if ([string]$p.friendlyName -ne '') { $lines += ('FriendlyName = "' + $p.friendlyName + '"') }
$lines += @(
  ''
  '[EnhancedKeyUsageExtension]'
  'OID = 1.3.6.1.5.5.7.3.1'
  ''
  '[Extensions]'
  '2.5.29.17 = "{text}"'
)
foreach ($name in @($p.dnsNames)) { $lines += ('_continue_ = "dns=' + $name + '&"') }
$before = @(Get-ChildItem -Path 'Cert:\LocalMachine\REQUEST' | ForEach-Object { $_.Thumbprint })
$dir = New-TempFolder
try {
  $inf = Join-Path $dir 'request.inf'
  $req = Join-Path $dir 'request.req'
  [IO.File]::WriteAllLines($inf, [string[]]$lines, [Text.Encoding]::ASCII)
  $null = Invoke-Native 'certreq.exe' @('-new', '-q', '-f', '-machine', $inf, $req)
  $csr = [IO.File]::ReadAllText($req)
} finally {
  Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
}
$new = @(Get-ChildItem -Path 'Cert:\LocalMachine\REQUEST' | Where-Object { $before -notcontains $_.Thumbprint })
if ($new.Count -ne 1) { Fail 'request' ('certreq left {0} new entries in LocalMachine\REQUEST, want 1' -f $new.Count) }
$store = Join-Path $env:ProgramData 'ecereconcile\requests'
[void][IO.Directory]::CreateDirectory($store)
[IO.File]::WriteAllText((Join-Path $store ($new[0].Thumbprint + '.req')), $csr)
$result = [pscustomobject]@{
  id      = $new[0].Thumbprint
  csr     = $csr
  rawData = [Convert]::ToBase64String($new[0].RawData)
}
