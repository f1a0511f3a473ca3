package verify

import (
	"fmt"
	"time"
)

// Status is a check's outcome.
type Status int

const (
	// Pass: what the check asserts holds.
	Pass Status = iota + 1
	// Fail: it does not; Result.Symptom and Result.Fix say what SPOG shows
	// and what to do.
	Fail
	// Skip: the check does not apply, or only a person can check it
	// (Result.Fix says how).
	Skip
	// Error: the check could not run (a server did not answer, a file could
	// not be read); Result.Summary says why.
	Error
)

// String is the status as the JSON document spells it.
func (s Status) String() string {
	switch s {
	case Pass:
		return "pass"
	case Fail:
		return "fail"
	case Skip:
		return "skip"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Mark is the status's symbol in the text view.
func (s Status) Mark() string {
	switch s {
	case Pass:
		return "✓"
	case Skip:
		return "-"
	}
	return "✗"
}

// MarshalText renders the status as String.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// CheckID names a check.
type CheckID string

// The checks, in the order results are reported.
const (
	CheckPKIX            CheckID = "pkix"
	CheckSNI             CheckID = "sni"
	CheckFQDN            CheckID = "fqdn_in_certificate"
	CheckCiscoService    CheckID = "cisco_service"
	CheckLDAP            CheckID = "ldap"
	CheckInventoryStatus CheckID = "inventory_status"
	CheckAgentChannels   CheckID = "agent_channels"
)

// Checks lists every check in report order.
var Checks = []CheckID{CheckPKIX, CheckSNI, CheckFQDN, CheckCiscoService, CheckLDAP, CheckInventoryStatus, CheckAgentChannels}

// Result is one check on one subject.
type Result struct {
	Check CheckID `json:"check"`
	// Subject is what was checked: "ece-web-a → ads-a", "ece-app-a",
	// "partition SSO", "PCCE inventory".
	Subject string `json:"subject"`
	Status  Status `json:"status"`
	// Code is the reason code of a non-pass (codes.go); empty on pass.
	Code string `json:"code,omitempty"`
	// Summary is what was found, one sentence.
	Summary string `json:"summary"`
	// Symptom is what SPOG or ECE shows because of a failure, in the tech
	// note's words; fail only.
	Symptom string `json:"symptom,omitempty"`
	// Fix is what to do: often an ecereconcile command or a console path;
	// for a skip, what a person checks.
	Fix string `json:"fix,omitempty"`
}

// Report is a verify run.
type Report struct {
	Environment string
	SpecFile    string
	ToolVersion string
	FQDN        string
	CheckedAt   time.Time
	Duration    time.Duration
	Results     []Result
}

// OK reports whether no check failed or errored.
func (r Report) OK() bool {
	for _, res := range r.Results {
		if res.Status == Fail || res.Status == Error {
			return false
		}
	}
	return true
}

// Counts returns how many results have each status.
func (r Report) Counts() map[Status]int {
	c := map[Status]int{Pass: 0, Fail: 0, Skip: 0, Error: 0}
	for _, res := range r.Results {
		c[res.Status]++
	}
	return c
}
