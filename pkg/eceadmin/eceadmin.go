package eceadmin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ErrPermanent is wrapped by Apply when the section cannot be changed any
// more: the Unified CCE integration, once saved, is permanent in ECE.
var ErrPermanent = errors.New("the Unified CCE integration is permanent in ECE once saved; the only way to change it is to reinstall ECE")

// Section is one settings page of the ECE console.
type Section string

// The sections this package knows.
const (
	// PartitionSSO is the Partition Administrator Configuration of the
	// business partition (tech note step 2.2).
	PartitionSSO Section = "partition_sso"
	// TraceLevels holds the maximum trace level of the ECE processes (tech
	// note, troubleshooting).
	TraceLevels Section = "trace_levels"
	// UCCEIntegration is the Unified CCE integration: AWDB details,
	// application instance, agent PGs (tech note step 5). Permanent once
	// saved.
	UCCEIntegration Section = "ucce_integration"
)

// Sections lists every section, in console order.
var Sections = []Section{PartitionSSO, TraceLevels, UCCEIntegration}

// String returns the section's name as stored ("partition_sso").
func (s Section) String() string { return string(s) }

// Title names the section for people.
func (s Section) Title() string {
	switch s {
	case PartitionSSO:
		return "Partition Administrator SSO"
	case TraceLevels:
		return "Trace levels"
	case UCCEIntegration:
		return "Unified CCE integration"
	}
	return string(s)
}

// Valid reports whether s is one of Sections.
func (s Section) Valid() bool {
	for _, k := range Sections {
		if s == k {
			return true
		}
	}
	return false
}

// ConsolePath is where the section lives in the console, from the first
// link after signing in. Trace levels add the process row themselves.
func (s Section) ConsolePath() []string {
	switch s {
	case PartitionSSO:
		return []string{"Administration", "Partition: default", "Security", "SSO and Provisioning", "Partition Administrator Configuration"}
	case TraceLevels:
		return []string{"System", "Shared Resources", "Logger", "Processes"}
	case UCCEIntegration:
		return []string{"CCE Administration", "Overview", "Email and Chat", "Partition", "Integration", "Unified CCE", "Unified CCE"}
	}
	return nil
}

// Settings are the values of one section: field label (as the console
// shows it) to value. Secret fields hold a keyed hash, never the value.
type Settings map[string]string

// Backend reads and changes the ECE admin settings.
type Backend interface {
	// Name is "manual" or "lab".
	Name() string
	// Read returns what is known of the section.
	Read(ctx context.Context, s Section) (Observed, error)
	// Apply carries out the task on the section and returns what is known
	// afterwards.
	Apply(ctx context.Context, s Section, t Task) (Observed, error)
	// Hash returns the keyed hash of value under the backend's key
	// ("hmac-sha256:<hex>"): what the lab stores for a secret, and what
	// Seal computes ValuesHash with.
	Hash(ctx context.Context, value string) (string, error)
}

// Observed is what a backend knows of a section.
type Observed struct {
	// Known is true when Settings are the section's real values (lab);
	// false when they cannot be read (manual).
	Known bool
	// Settings are the stored values (lab); secret fields as keyed hashes.
	// Empty when the section was never saved.
	Settings Settings
	// Fields tells, per label, when its value was last changed and what it
	// was before (lab).
	Fields map[string]FieldMeta
	// SavedAt is when the section was last saved (lab); zero if never.
	SavedAt time.Time
	// Attested are the latest attestation per scope of the section
	// (manual), sorted by scope.
	Attested []Attestation
}

// Attestation returns the latest attestation of scope, or nil.
func (o Observed) Attestation(scope string) *Attestation {
	for i := range o.Attested {
		if o.Attested[i].Scope == scope {
			a := o.Attested[i]
			return &a
		}
	}
	return nil
}

// FieldMeta is the history the lab keeps of one field.
type FieldMeta struct {
	SetAt         time.Time // when the current value was saved
	Previous      string    // the value before it; "" when none
	PreviousSetAt time.Time // when the previous value was saved
}

// Field is one value an operator enters.
type Field struct {
	// Group is the tab or pane holding the field ("AWDB Details"); empty
	// when the section has one.
	Group string
	// Label is the field's label in the console; it is the Settings key.
	Label string
	// Value is what to enter. For a secret it is the reference
	// ("env:NAME"), or empty when the field stays empty.
	Value string
	// Secret fields are resolved from Task.Secrets by the lab backend.
	Secret bool
}

// Task is what must be done in the console for one section.
type Task struct {
	Section Section
	// Scope names the part of the section the task covers: "" for the
	// whole section, the process name for a trace level. Attestations are
	// kept per scope.
	Scope string
	// Title is a one-line heading ("Partition Administrator SSO").
	Title       string
	ConsolePath []string
	Fields      []Field
	// Notes are sentences for the operator (where to sign in, warnings).
	Notes []string
	// Secrets are the resolved secret values by label, for the lab
	// backend only. Never rendered, stored or sent to Confirm.
	Secrets SecretValues
	// ValuesHash is the keyed hash of every value, secrets included; see
	// Seal.
	ValuesHash string
}

// Labels returns the labels of the task's fields, in order.
func (t Task) Labels() []string {
	out := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		out[i] = f.Label
	}
	return out
}

// SecretValues maps a secret field's label to its resolved value. Its
// printed and JSON forms never show the values.
type SecretValues map[string]string

// String redacts the values.
func (s SecretValues) String() string { return fmt.Sprintf("[%d secret values]", len(s)) }

// GoString redacts the values (%#v).
func (s SecretValues) GoString() string { return s.String() }

// MarshalJSON redacts the values.
func (s SecretValues) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// Attestation records that an operator said a task was done.
type Attestation struct {
	Section    Section   `json:"section"`
	Scope      string    `json:"scope,omitempty"`
	Who        string    `json:"who"`
	When       time.Time `json:"when"`
	ValuesHash string    `json:"values_hash"`
	// Fields are the labels the task covered.
	Fields []string `json:"fields,omitempty"`
}
