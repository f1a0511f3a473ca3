# CopyFile: $p.src, $p.dst (absolute). The destination is opened with
# FileMode.CreateNew: an existing file is never overwritten.
if (-not [IO.File]::Exists($p.src)) { Fail 'not_found' 'source file does not exist' }
$in = [IO.File]::OpenRead($p.src)
try {
  try {
    $out = New-Object IO.FileStream([string]$p.dst, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
  } catch {
    if ([IO.File]::Exists($p.dst) -or [IO.Directory]::Exists($p.dst)) { Fail 'exists' 'destination already exists' }
    throw
  }
  try {
    $in.CopyTo($out)
    $out.Flush($true)
  } finally {
    $out.Dispose()
  }
} finally {
  $in.Dispose()
}
$result = [pscustomobject]@{ copied = $true }
