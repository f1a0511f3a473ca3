package pwsh

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// ErrorCode is the machine-readable kind of a script's failure, the "code"
// of its error object. Callers branch on it (or on the sentinel errors it
// maps to through errors.Is), never on the message.
type ErrorCode string

// Error codes the scripts report.
const (
	// CodeUnknown is a failure the script did not classify: a cmdlet or
	// .NET error, or a non-zero exit without an error object.
	CodeUnknown ErrorCode = ""
	// CodeNotFound says a file does not exist; errors.Is(err, fs.ErrNotExist).
	CodeNotFound ErrorCode = "not_found"
	// CodeExists says a file that must not exist does; errors.Is(err, fs.ErrExist).
	CodeExists ErrorCode = "exists"
	// CodeSiteNotFound says the IIS site does not exist;
	// errors.Is(err, winops.ErrSiteNotFound).
	CodeSiteNotFound ErrorCode = "site_not_found"
	// CodeCertNotFound says no certificate of LocalMachine\My has the
	// thumbprint; errors.Is(err, winops.ErrCertNotFound).
	CodeCertNotFound ErrorCode = "cert_not_found"
	// CodeNoPrivateKey says the certificate is there without its private key.
	CodeNoPrivateKey ErrorCode = "no_private_key"
	// CodeBindingNotFound says the IIS binding to update is not on the site.
	CodeBindingNotFound ErrorCode = "binding_not_found"
	// CodeBindingExists says the IIS binding to add is already on the site.
	CodeBindingExists ErrorCode = "binding_exists"
	// CodeServiceNotFound says no service has that name or display name.
	CodeServiceNotFound ErrorCode = "service_not_found"
	// CodeNative says a native command (certreq, netsh) exited non-zero;
	// the message carries its output.
	CodeNative ErrorCode = "native"
	// CodeRequest says certreq's result could not be tied to one pending
	// request in LocalMachine\REQUEST.
	CodeRequest ErrorCode = "request"
	// CodeImport says a PFX did not hold exactly one certificate with a
	// private key.
	CodeImport ErrorCode = "import"
	// CodeRestoreFailed says replacing an http.sys binding failed and
	// putting the old one back failed too: the endpoint has no binding.
	CodeRestoreFailed ErrorCode = "restore_failed"
)

// String returns the code as the scripts write it ("unknown" for none).
func (c ErrorCode) String() string {
	if c == CodeUnknown {
		return "unknown"
	}
	return string(c)
}

// ScriptError is a script's own failure: the message of its error object
// (or its standard error), its code and its exit code.
type ScriptError struct {
	Code     ErrorCode
	Message  string
	ExitCode int
	// unclipped is the whole output Message was clipped from (standard
	// error, or the last line of standard output), "" when Message is an
	// error object's own text. redact removes secrets from it and clips
	// again, so that a secret across the cut leaves nothing behind.
	unclipped string
}

// Error returns the script's message.
func (e *ScriptError) Error() string {
	switch {
	case e.Message != "":
		return e.Message
	case e.ExitCode != 0:
		return fmt.Sprintf("powershell exited with code %d", e.ExitCode)
	default:
		return "powershell reported an error without a message"
	}
}

// Is maps codes to the sentinel errors of io/fs and winops.
func (e *ScriptError) Is(target error) bool {
	switch e.Code {
	case CodeNotFound:
		return target == fs.ErrNotExist
	case CodeExists:
		return target == fs.ErrExist
	case CodeSiteNotFound:
		return target == winops.ErrSiteNotFound
	case CodeCertNotFound:
		return target == winops.ErrCertNotFound
	}
	return false
}

// codeOf returns the code of a *ScriptError in err's chain.
func codeOf(err error) ErrorCode {
	var se *ScriptError
	if errors.As(err, &se) {
		return se.Code
	}
	return CodeUnknown
}

// redact removes secret from err's text. A *ScriptError keeps its code
// (and so errors.Is); its message is redacted in full before it is
// clipped again, as pcce's statusError does before its snippet: cutting
// first would leave the start of a secret that crosses the cut. Any other
// error carrying the secret is replaced by its redacted text alone.
func redact(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	var se *ScriptError
	if errors.As(err, &se) {
		if !strings.Contains(se.unclipped, secret) && !strings.Contains(err.Error(), secret) {
			return err
		}
		clean := *se
		clean.Message = mask(se.Message, secret)
		if se.unclipped != "" {
			clean.unclipped = mask(se.unclipped, secret)
			clean.Message = clip(clean.unclipped)
		}
		return &clean
	}
	if !strings.Contains(err.Error(), secret) {
		return err
	}
	return errors.New(mask(err.Error(), secret))
}

// mask replaces every occurrence of secret in s by "[redacted]"; an empty
// secret masks nothing.
func mask(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "[redacted]")
}
