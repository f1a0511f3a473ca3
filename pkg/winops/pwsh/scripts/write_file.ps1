# WriteFile: $p.path (absolute), $p.data (Base64). Atomic: a temp file in the
# same folder is written and flushed to disk, then swapped in with
# [IO.File]::Replace (keeping the old file's ACL and attributes) or moved
# into place when the file is new. Missing folders are created.
$path = [string]$p.path
$dir = [IO.Path]::GetDirectoryName($path)
[void][IO.Directory]::CreateDirectory($dir)
$tmp = Join-Path $dir ('.' + [IO.Path]::GetFileName($path) + '.' + [Guid]::NewGuid().ToString('N') + '.tmp')
$bytes = [Convert]::FromBase64String($p.data)
$fs = New-Object IO.FileStream($tmp, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
try {
  $fs.Write($bytes, 0, $bytes.Length)
  $fs.Flush($true)
} finally {
  $fs.Dispose()
}
try {
  if ([IO.File]::Exists($path)) {
    [IO.File]::Replace($tmp, $path, [NullString]::Value)
  } else {
    [IO.File]::Move($tmp, $path)
  }
} catch {
  [IO.File]::Delete($tmp)
  throw
}
$result = [pscustomobject]@{ size = $bytes.Length }
