package resources

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
)

// Value is one attribute value as people see it.
type Value struct {
	// S is the rendered value. For a Sensitive value it is a reference such as
	// "env:NAME", never the secret itself.
	S string `json:"value,omitempty"`
	// Sensitive values are masked by views.
	Sensitive bool `json:"sensitive,omitempty"`
	// Unknown is set when the value is known only after an upstream resource
	// has been applied ("known after apply").
	Unknown bool `json:"unknown,omitempty"`
	// Internal values are for other resources, not for people (a
	// certificate's DER that a truststore imports): views do not show them;
	// fingerprints and plan files keep them. Never set on a secret.
	Internal bool `json:"internal,omitempty"`
}

// V is shorthand for a plain value.
func V(s string) Value { return Value{S: s} }

// UnknownValue is a value known only after apply.
func UnknownValue() Value { return Value{Unknown: true} }

// Attrs are the attributes of a state, keyed by name. Names are free-form
// ("path", "entry[mydomaincontroller]").
type Attrs map[string]Value

// Keys returns the attribute names in display order (sorted).
func (a Attrs) Keys() []string {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Clone returns a copy safe to modify.
func (a Attrs) Clone() Attrs {
	if a == nil {
		return nil
	}
	c := make(Attrs, len(a))
	for k, v := range a {
		c[k] = v
	}
	return c
}

// State is what Read observed (or what Apply left behind).
type State struct {
	Exists bool
	Attrs  Attrs
	// Fingerprint identifies exactly what was read (for a file: a hash of its
	// bytes). A saved plan records it; applying that plan refuses when it
	// moved. Leave it empty to let FingerprintOf derive one from Attrs.
	Fingerprint string
	// Warnings are facts worth telling that do not make a change ("the same
	// certificate is also present under alias x").
	Warnings []string
	// Unverifiable is set when reality cannot be read (ECE settings through
	// the manual backend): it says what is known instead ("unknown since
	// the attestation by X at T"). A NoOp plan then means "as last
	// attested", and drift reports the resource as unknown, never in sync.
	Unverifiable string
	// Private carries kind-specific data from Read to Plan and Apply within
	// one process. It is never serialised.
	Private any
}

// FingerprintOf returns s.Fingerprint, or a hash of Exists and Attrs when the
// kind did not set one.
func FingerprintOf(s State) string {
	if s.Fingerprint != "" {
		return s.Fingerprint
	}
	h := sha256.New()
	if s.Exists {
		h.Write([]byte("exists\n"))
	} else {
		h.Write([]byte("absent\n"))
	}
	for _, k := range s.Attrs.Keys() {
		v := s.Attrs[k]
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write([]byte(v.S))
		if v.Unknown {
			h.Write([]byte{1})
		}
		h.Write([]byte{'\n'})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// FingerprintBytes is the fingerprint of a state read from one file:
// "sha256:" and the hex SHA-256 of its bytes.
func FingerprintBytes(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
