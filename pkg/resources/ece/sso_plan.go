package ece

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Plan decides from what Read gathered. It is pure.
//
//	backend  observed                                      decision
//	any      a required field empty, an error finding      error (InvalidSettings)
//	lab      never saved                                   Create (NotConfigured)
//	lab      values differ                                 Update (FieldDiffers, PasswordChanged)
//	manual   no attestation                                Create (NotAttested)
//	manual   attested values' hash is not the desired one  Update (ValuesChangedSinceAttestation)
//	any      verification failed                           Update (VerificationFailed), or its
//	                                                       reason added to the change above
//	any      otherwise                                     NoOp
func (r *PartitionSSO) Plan(in resources.PlanInput) (resources.Change, error) {
	cur := in.Current
	rd, ok := cur.Private.(*ssoRead)
	if !ok || rd == nil {
		return resources.Change{}, errors.New("partition SSO: the ECE settings were not read")
	}
	if err := r.invalid(); err != nil {
		return failPlan(r.c.Addr, cur, InvalidSettings, err)
	}

	var reasons []resources.Reason
	if rd.obs.Known {
		reasons = r.labReasons(cur, rd)
	} else {
		reasons = r.manualReasons(rd)
	}
	if v := rd.verify; v != nil && !v.OK {
		reasons = append(reasons, resources.Reason{Code: VerificationFailed, Message: fmt.Sprintf(
			"the LDAP verification of these settings %s; ECE would fail the same way", v.summary())})
	}
	if len(reasons) == 0 {
		return resources.NoChange(r.c.Addr, cur), nil
	}
	return change(r.c.Addr, cur, r.after(rd), reasons, &ssoPlanned{}), nil
}

// labReasons compares the stored values with the desired ones.
func (r *PartitionSSO) labReasons(cur resources.State, rd *ssoRead) []resources.Reason {
	if !cur.Exists {
		return []resources.Reason{{Code: NotConfigured, Message: "the Partition Administrator SSO configuration was never saved; it will be saved"}}
	}
	var reasons []resources.Reason
	for _, f := range r.fields() {
		got := rd.obs.Settings[f.label]
		if f.secret {
			if got != rd.passwordHash {
				reasons = append(reasons, resources.Reason{Code: PasswordChanged, Message: passwordMessage(got, f.value)})
			}
			continue
		}
		if got != f.value {
			reasons = append(reasons, resources.Reason{Code: FieldDiffers, Message: fmt.Sprintf(
				"%s is %s, want %s", f.label, quoteOrEmpty(got), quoteOrEmpty(f.value))})
		}
	}
	return reasons
}

// passwordMessage explains a password difference without any value.
func passwordMessage(stored, ref string) string {
	switch {
	case ref == "":
		return "a password is stored; the spec wants none (anonymous bind)"
	case stored == "":
		return "no password is stored; it will be set from " + ref
	}
	return "the stored password is not the one in " + ref + " (compared by keyed hash)"
}

// manualReasons compares the attestation with the desired values' hash.
func (r *PartitionSSO) manualReasons(rd *ssoRead) []resources.Reason {
	a := rd.obs.Attestation("")
	switch {
	case a == nil:
		return []resources.Reason{{Code: NotAttested, Message: "no operator has attested this configuration; it is an operator task"}}
	case a.ValuesHash != rd.valuesHash:
		return []resources.Reason{{Code: ValuesChangedSinceAttestation, Message: fmt.Sprintf(
			"the values wanted now differ from those %s attested at %s; the operator task is planned again", a.Who, stamp(a.When))}}
	}
	return nil
}

// after is the state after apply: the desired values; the verification is
// known after apply.
func (r *PartitionSSO) after(rd *ssoRead) resources.Attrs {
	out := resources.Attrs{AttrBackend: resources.V(r.c.Backend.Name())}
	for _, f := range r.fields() {
		switch {
		case f.secret && f.value != "":
			out[f.attr] = secretAttr(f.value)
		case !f.secret:
			out[f.attr] = resources.V(f.value)
		}
	}
	if !rd.obs.Known {
		out[AttrAttestation] = resources.UnknownValue()
	}
	if rd.verify != nil {
		out[AttrVerification] = resources.UnknownValue()
	}
	return out
}

// invalid returns why the desired settings cannot be entered: the
// console's required fields, and the static analysis's errors.
func (r *PartitionSSO) invalid() error {
	s := r.c.Settings
	var msgs []string
	for _, req := range []struct{ label, value string }{
		{LabelLDAPURL, s.URL}, {LabelDNAttribute, s.DNAttribute}, {LabelKeystorePath, s.KeystorePath},
	} {
		if strings.TrimSpace(req.value) == "" {
			msgs = append(msgs, req.label+" is required")
		}
	}
	for _, f := range r.findings(FindingError) {
		msgs = append(msgs, f.String())
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("partition SSO: %s", strings.Join(msgs, "; "))
}
