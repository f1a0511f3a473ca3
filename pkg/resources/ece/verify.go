package ece

import (
	"fmt"
	"strings"
	"time"
)

// VerifyResult is the outcome of the injected LDAP verification of the
// partition SSO settings (pkg/ldapverify in production).
type VerifyResult struct {
	OK bool
	// Code names the failure ("TLSUnknownAuthority"); empty when OK.
	Code string
	// Detail is a sentence on the failure; never a password.
	Detail string
	// Steps are the steps run, in order ("dial", "tls", "bind", "search").
	Steps []string
	// Duration is how long it took; shown in reasons, never in attributes.
	Duration time.Duration
}

// attr is the verification attribute: "ok: 4 steps" or "failed:
// TLSUnknownAuthority: <detail>". No timing, so the fingerprint is stable.
func (v VerifyResult) attr() string {
	if v.OK {
		return fmt.Sprintf("ok: %d %s", len(v.Steps), plural(len(v.Steps), "step", "steps"))
	}
	return strings.TrimSuffix("failed: "+v.codeOrOther()+": "+v.Detail, ": ")
}

// summary is attr with the steps and the duration, for reasons.
func (v VerifyResult) summary() string {
	s := v.attr()
	if len(v.Steps) > 0 {
		s += " (steps " + strings.Join(v.Steps, ", ") + "; " + v.Duration.Round(time.Millisecond).String() + ")"
	}
	return s
}

// fingerprint is what of the verification counts in the state's
// fingerprint: the outcome and the code, not the wording.
func (v VerifyResult) fingerprint() string {
	if v.OK {
		return "ok"
	}
	return "failed: " + v.codeOrOther()
}

func (v VerifyResult) codeOrOther() string {
	if v.Code == "" {
		return "Other"
	}
	return v.Code
}

// FindingLevel says how bad a static finding is.
type FindingLevel int

const (
	// FindingWarning goes to State.Warnings.
	FindingWarning FindingLevel = iota + 1
	// FindingError fails the plan (InvalidSettings).
	FindingError
)

// String returns "warning" or "error".
func (l FindingLevel) String() string {
	switch l {
	case FindingWarning:
		return "warning"
	case FindingError:
		return "error"
	}
	return fmt.Sprintf("FindingLevel(%d)", int(l))
}

// Finding is one result of the injected static analysis of the LDAP
// settings (pkg/ldapverify.Analyze in production).
type Finding struct {
	Level   FindingLevel
	Code    string
	Message string
}

// String renders "Code: Message".
func (f Finding) String() string { return f.Code + ": " + f.Message }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
