package ldapverify

import (
	"strconv"
	"strings"
	"time"
)

// Names of the steps, in the order they run.
const (
	StepDial   = "dial"
	StepTLS    = "tls"
	StepBind   = "bind"
	StepSearch = "search"
)

// Step is the outcome of one step. Detail says what happened in a sentence
// (on failure: the facts, then the remedy); it never holds the password.
type Step struct {
	Name     string        `json:"name"`
	OK       bool          `json:"ok"`
	Duration time.Duration `json:"duration"`
	Code     FailureCode   `json:"code"`
	Detail   string        `json:"detail,omitempty"`
}

// Report is the outcome of Verify: the steps that ran, in order (a failed
// step is the last one), and the verdict. Code and Err are those of the
// failed step; Code is None and Err nil when OK.
type Report struct {
	Steps []Step        `json:"steps"`
	OK    bool          `json:"ok"`
	Code  FailureCode   `json:"code"`
	Err   error         `json:"-"`
	Total time.Duration `json:"total"`
}

// Summary is a one-line rendering: "ok 4 steps 12ms" or
// "failed: TLSUnknownAuthority at tls: <detail>".
func (r Report) Summary() string {
	if r.OK {
		return "ok " + strconv.Itoa(len(r.Steps)) + " steps " + r.Total.Round(time.Millisecond).String()
	}
	if r.Err != nil {
		return "failed: " + r.Code.String() + " at " + r.Err.Error()
	}
	return "failed: " + r.Code.String()
}

// Error is the error of a failed step. Its text is "<step>: <detail>" and
// never holds the password; Unwrap gives the underlying error unless its
// text held the password.
type Error struct {
	Step   string
	Code   FailureCode
	Detail string
	cause  error
}

func (e *Error) Error() string { return e.Step + ": " + e.Detail }

// Unwrap returns the underlying error (TLS, network or LDAP), if safe.
func (e *Error) Unwrap() error { return e.cause }

// minRedacted is the shortest password redact looks for: a one- or
// two-character "password" would blank ordinary words out of every detail.
const minRedacted = 3

// redact removes every occurrence of secret from s.
func redact(s, secret string) string {
	if len(secret) < minRedacted || !strings.Contains(s, secret) {
		return s
	}
	return strings.ReplaceAll(s, secret, "[redacted]")
}
