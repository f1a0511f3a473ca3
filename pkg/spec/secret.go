package spec

import (
	"bytes"
	"errors"
	"fmt"
	"os"
)

// Ref renders the reference for display: "env:NAME", "file:PATH", or
// "default" for a documented default. It never returns a secret value.
func (r SecretRef) Ref() string {
	switch {
	case r.Env != "":
		return "env:" + r.Env
	case r.File != "":
		return "file:" + r.File
	case r.Default != "":
		return "default"
	}
	return ""
}

// String is Ref, so that printing a SecretRef (even with %+v) shows the
// reference and never the default value.
func (r SecretRef) String() string { return r.Ref() }

// IsZero reports whether the reference points at nothing.
func (r SecretRef) IsZero() bool {
	return r.Env == "" && r.File == "" && r.Default == ""
}

// Resolve returns the secret. lookupEnv is os.LookupEnv in production; an
// unset or empty variable is an error. A file is read whole and one trailing
// "\n" or "\r\n" is trimmed; an empty secret is an error. Errors name the
// reference, never the value.
func (r SecretRef) Resolve(lookupEnv func(string) (string, bool)) ([]byte, error) {
	switch {
	case r.Env != "":
		if lookupEnv == nil {
			lookupEnv = os.LookupEnv
		}
		v, ok := lookupEnv(r.Env)
		if !ok {
			return nil, fmt.Errorf("secret %s: environment variable is not set", r.Ref())
		}
		if v == "" {
			return nil, fmt.Errorf("secret %s: environment variable is empty", r.Ref())
		}
		return []byte(v), nil
	case r.File != "":
		b, err := ReadFile(r.File) // a regular file of at most 1 MiB: /dev/zero must not hang a plan
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				// The reference already names the file; keep the cause only.
				err = pe.Err
			}
			return nil, fmt.Errorf("secret %s: %w", r.Ref(), err)
		}
		if bytes.HasSuffix(b, []byte("\r\n")) {
			b = b[:len(b)-2]
		} else if bytes.HasSuffix(b, []byte("\n")) {
			b = b[:len(b)-1]
		}
		if len(b) == 0 {
			return nil, fmt.Errorf("secret %s: file is empty", r.Ref())
		}
		return b, nil
	case r.Default != "":
		return []byte(r.Default), nil
	}
	return nil, errors.New("secret: no reference (want env or file)")
}
