# SSLBindings: the text of "netsh http show sslcert", parsed in Go.
$result = [pscustomobject]@{ text = (Invoke-Native 'netsh.exe' @('http', 'show', 'sslcert')) }
