# Certificates: every certificate of LocalMachine\My, DER as Base64.
$result = @(Get-ChildItem -Path 'Cert:\LocalMachine\My' | ForEach-Object {
  [pscustomobject]@{
    Thumbprint    = $_.Thumbprint
    HasPrivateKey = $_.HasPrivateKey
    FriendlyName  = $_.FriendlyName
    RawData       = [Convert]::ToBase64String($_.RawData)
  }
})
