# PendingRequests: the entries of LocalMachine\REQUEST that NewRequest made
# (those with a CSR copy under ProgramData), with their CSR.
$store = Join-Path $env:ProgramData 'ecereconcile\requests'
$result = @(Get-ChildItem -Path 'Cert:\LocalMachine\REQUEST' | ForEach-Object {
  $file = Join-Path $store ($_.Thumbprint + '.req')
  if ([IO.File]::Exists($file)) {
    [pscustomobject]@{
      id      = $_.Thumbprint
      csr     = [IO.File]::ReadAllText($file)
      rawData = [Convert]::ToBase64String($_.RawData)
    }
  }
})
