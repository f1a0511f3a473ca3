package ece

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Plan decides from what Read gathered. It is pure. Saving is irreversible
// in ECE, so this kind never plans an Update:
//
//	backend  observed                                    decision
//	any      a required value missing, a UQ instance     error (InvalidSettings)
//	lab      never saved                                 Create, Irreversible (NotConfigured)
//	manual   no attestation                              Create, Irreversible (NotAttested)
//	lab      saved, values differ                        error (NotConvergeable)
//	manual   attested values' hash not the wanted one    error (NotConvergeable)
//	any      otherwise                                   NoOp
func (r *UCCEIntegration) Plan(in resources.PlanInput) (resources.Change, error) {
	cur := in.Current
	rd, ok := cur.Private.(*ucceRead)
	if !ok || rd == nil {
		return resources.Change{}, errors.New(ucceSectionSubject + ": the ECE settings were not read")
	}
	if err := r.invalid(); err != nil {
		return failPlan(r.c.Addr, cur, InvalidSettings, err)
	}
	if !cur.Exists {
		code, msg := NotConfigured, "the Unified CCE integration was never saved"
		if !rd.obs.Known {
			code, msg = NotAttested, "no operator has attested saving the Unified CCE integration; it is an operator task"
		}
		ch := change(r.c.Addr, cur, r.after(rd), []resources.Reason{{Code: code,
			Message: msg + "; saving it connects ECE to PCCE permanently and cannot be undone"}}, &uccePlanned{})
		ch.Irreversible = true
		return ch, nil
	}
	var diffs []string
	if rd.obs.Known {
		diffs = r.labDiffs(rd)
	} else if a := rd.obs.Attestation(""); a.ValuesHash != rd.valuesHash {
		diffs = []string{fmt.Sprintf("the values wanted now differ from those %s attested at %s", a.Who, stamp(a.When))}
	}
	if len(diffs) == 0 {
		return resources.NoChange(r.c.Addr, cur), nil
	}
	return failPlan(r.c.Addr, cur, NotConvergeable, fmt.Errorf("%s: the saved integration differs from the spec (%s): %w",
		ucceSectionSubject, strings.Join(diffs, "; "), ErrNotConvergeable))
}

// labDiffs lists the stored values that differ from the wanted ones.
func (r *UCCEIntegration) labDiffs(rd *ucceRead) []string {
	var diffs []string
	for _, f := range r.fields() {
		got := rd.obs.Settings[f.label]
		switch {
		case f.secret && got != rd.passwordHash:
			diffs = append(diffs, passwordMessage(got, f.value))
		case !f.secret && got != f.value:
			diffs = append(diffs, fmt.Sprintf("%s is %s, want %s", f.label, quoteOrEmpty(got), quoteOrEmpty(f.value)))
		}
	}
	return diffs
}

// after is the state once saved.
func (r *UCCEIntegration) after(rd *ucceRead) resources.Attrs {
	out := resources.Attrs{AttrBackend: resources.V(r.c.Backend.Name())}
	for _, f := range r.fields() {
		switch {
		case f.secret && f.value != "":
			out[f.attr] = secretAttr(f.value)
		case !f.secret:
			out[f.attr] = resources.V(f.value)
		}
	}
	if rd.obs.Known {
		out[AttrSavedAt] = resources.UnknownValue()
	} else {
		out[AttrAttestation] = resources.UnknownValue()
	}
	return out
}

// invalid checks the values ECE requires before the permanent save.
func (r *UCCEIntegration) invalid() error {
	s := r.c.Settings
	var msgs []string
	for _, req := range []struct{ label, value string }{
		{LabelAWDBServer, s.AWDBServer}, {LabelAWDBDatabase, s.AWDBDatabase}, {LabelAWDBUser, s.AWDBUser},
		{LabelAppInstance, s.ApplicationInstance}, {LabelAgentPGs, pgList(s.AgentPGs)},
	} {
		if strings.TrimSpace(req.value) == "" {
			msgs = append(msgs, req.label+" is required")
		}
	}
	if s.AWDBPort < 1 || s.AWDBPort > 65535 {
		msgs = append(msgs, fmt.Sprintf("%s %d is not a TCP port", LabelAWDBPort, s.AWDBPort))
	}
	if s.AWDBPassword.IsZero() {
		msgs = append(msgs, "the AWDB password is required")
	}
	if strings.HasPrefix(s.ApplicationInstance, uqInstancePrefix) {
		msgs = append(msgs, fmt.Sprintf("application instance %q starts with UQ; the tech note says to select the one created for ECE, never the UQ one", s.ApplicationInstance))
	}
	for _, pg := range s.AgentPGs {
		if strings.Contains(pg, ",") {
			msgs = append(msgs, fmt.Sprintf("agent PG %q contains a comma", pg))
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", ucceSectionSubject, strings.Join(msgs, "; "))
}
