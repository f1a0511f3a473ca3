# ReadFile: $p.path (absolute). The bytes travel as Base64.
if ([IO.Directory]::Exists($p.path)) { Fail '' 'is a folder, not a file' }
if (-not [IO.File]::Exists($p.path)) { Fail 'not_found' 'file does not exist' }
$result = [pscustomobject]@{ data = [Convert]::ToBase64String([IO.File]::ReadAllBytes($p.path)) }
