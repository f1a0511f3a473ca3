# Remove: $p.path (absolute).
if (-not [IO.File]::Exists($p.path)) { Fail 'not_found' 'file does not exist' }
[IO.File]::Delete($p.path)
$result = [pscustomobject]@{ removed = $true }
