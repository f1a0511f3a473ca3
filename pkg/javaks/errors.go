package javaks

import "errors"

// Sentinel errors. Every error Decode returns wraps exactly one of them, so
// callers branch with errors.Is.
var (
	// ErrWrongPassword: the integrity check failed. The password is wrong,
	// or the file was modified by something that did not know it.
	ErrWrongPassword = errors.New("wrong keystore password")
	// ErrCorrupt: the file is empty, truncated or not a keystore at all.
	ErrCorrupt = errors.New("corrupt keystore")
	// ErrFormatMismatch: the file is a keystore of another type than the
	// one asked for.
	ErrFormatMismatch = errors.New("keystore format mismatch")
	// ErrUnsupported: a valid keystore this package will not edit (JCEKS,
	// a PKCS12 with private keys, a password JKS cannot represent).
	ErrUnsupported = errors.New("unsupported keystore")
)

// ksError is an error whose message is msg and which wraps kind (one of the
// sentinels) and, optionally, a cause.
type ksError struct {
	kind  error
	msg   string
	cause error
}

func (e *ksError) Error() string { return e.msg }

func (e *ksError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func newError(kind error, msg string) error { return &ksError{kind: kind, msg: msg} }

// wrapError gives cause's message the kind; used for errors of the
// libraries below, whose own sentinels are not ours.
func wrapError(kind error, prefix string, cause error) error {
	return &ksError{kind: kind, msg: prefix + cause.Error(), cause: cause}
}
