package ece

import (
	"fmt"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Attribute names shared by the kinds.
const (
	AttrBackend     = "backend"     // "lab" or "manual"
	AttrAttestation = "attestation" // manual: "<who> at <RFC 3339 time>" or "none"
)

// stamp renders a time in attributes and messages.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// attestationAttr renders an attestation for the attestation attribute.
func attestationAttr(a *eceadmin.Attestation) resources.Value {
	if a == nil {
		return resources.V("none")
	}
	return resources.V(a.Who + " at " + stamp(a.When))
}

// unknownSince is the warning every manual state carries once attested.
func unknownSince(a *eceadmin.Attestation) string {
	return fmt.Sprintf("ECE cannot be read (manual backend): unknown since the attestation by %s at %s", a.Who, stamp(a.When))
}

// secretAttr is the attribute of a secret: its reference, sensitive.
func secretAttr(ref string) resources.Value { return resources.Value{S: ref, Sensitive: true} }

// fingerprint is FingerprintOf the attributes with extra entries that are
// not shown (a stored keyed hash) or shown differently (the verification
// without its wording).
func fingerprint(exists bool, attrs resources.Attrs, extra map[string]string) string {
	all := attrs.Clone()
	if all == nil {
		all = resources.Attrs{}
	}
	for k, v := range extra {
		all["\x00"+k] = resources.V(v)
	}
	return resources.FingerprintOf(resources.State{Exists: exists, Attrs: all})
}

// change builds a Create or Update from before to after.
func change(addr resources.Addr, cur resources.State, after resources.Attrs, reasons []resources.Reason, private any) resources.Change {
	action := resources.Update
	if !cur.Exists {
		action = resources.Create
	}
	return resources.Change{Addr: addr, Action: action, Before: cur.Attrs, After: after, Reasons: reasons, Private: private}
}

// failPlan is a plan error with its reason: a NoOp Change carrying the
// reason, and the error.
func failPlan(addr resources.Addr, cur resources.State, code string, err error) (resources.Change, error) {
	ch := resources.NoChange(addr, cur)
	ch.Reasons = []resources.Reason{{Code: code, Message: err.Error()}}
	return ch, err
}

// quoteOrEmpty renders a value in messages: quoted, or "empty".
func quoteOrEmpty(s string) string {
	if s == "" {
		return "empty"
	}
	return fmt.Sprintf("%q", s)
}
