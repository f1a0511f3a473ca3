package spogconfig

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spogjs"
)

// Plan compares the file's values with the desired ones. It does no I/O.
func (r *Resource) Plan(in resources.PlanInput) (resources.Change, error) {
	cur := in.Current
	fail := func(code, msg string) (resources.Change, error) {
		ch := resources.NoChange(r.c.Addr, cur)
		ch.Reasons = []resources.Reason{{Code: code, Message: msg}}
		return ch, errors.New(msg)
	}
	if !cur.Exists {
		return fail(FileMissing, fmt.Sprintf("spog_config.js not found at %s: is ECE installed on this web server?", r.c.Path))
	}
	for _, d := range []struct{ name, value string }{{AttrProtocol, r.c.Protocol}, {AttrServerName, r.c.ServerName}} {
		if d.value == "" {
			return fail(AssignmentUnusable, fmt.Sprintf("%s: no desired %s given", r.c.Path, d.name))
		}
	}

	obs, _ := cur.Private.(*observed)
	if obs != nil && obs.parseErr != nil {
		return fail(AssignmentUnusable, fmt.Sprintf("%s: not valid JavaScript: %v", r.c.Path, obs.parseErr))
	}
	if code, msg := assignmentProblems(obs, cur.Attrs); msg != "" {
		return fail(code, fmt.Sprintf("%s: %s", r.c.Path, msg))
	}

	var reasons []resources.Reason
	if got := cur.Attrs[AttrProtocol].S; got != r.c.Protocol {
		reasons = append(reasons, resources.Reason{Code: ProtocolDiffers,
			Message: fmt.Sprintf("web_server_protocol is %q, want %q", got, r.c.Protocol)})
	}
	if got := cur.Attrs[AttrServerName].S; got != r.c.ServerName {
		reasons = append(reasons, resources.Reason{Code: ServerNameDiffers,
			Message: fmt.Sprintf("web_server_name is %q, want %q", got, r.c.ServerName)})
	}
	if len(reasons) == 0 {
		return resources.NoChange(r.c.Addr, cur), nil
	}
	if obs != nil {
		// Edit in memory now so that a value the file cannot hold fails the
		// plan, not the apply.
		if _, err := spogjs.Set(obs.data, r.desired()); err != nil {
			return fail(AssignmentUnusable, fmt.Sprintf("%s: %v", r.c.Path, err))
		}
	}
	after := cur.Attrs.Clone()
	after[AttrProtocol] = resources.V(r.c.Protocol)
	after[AttrServerName] = resources.V(r.c.ServerName)
	return resources.Change{
		Addr:    r.c.Addr,
		Action:  resources.Update,
		Before:  cur.Attrs,
		After:   after,
		Reasons: reasons,
		Private: &planned{fingerprint: resources.FingerprintOf(cur)},
	}, nil
}

// assignmentProblems returns the reason code and a message naming every
// name that cannot be edited, or an empty message. Without the parsed file
// (a State not made by Read) it can only tell missing attributes.
func assignmentProblems(obs *observed, attrs resources.Attrs) (code, msg string) {
	var msgs []string
	code = AssignmentMissing
	for _, n := range []string{AttrProtocol, AttrServerName} {
		if obs == nil {
			if _, ok := attrs[n]; !ok {
				msgs = append(msgs, n+" is not assigned")
			}
			continue
		}
		err := obs.file.Check(n)
		if err == nil {
			continue
		}
		var ae *spogjs.AssignmentError
		if errors.As(err, &ae) && ae.Problem == spogjs.Missing {
			msgs = append(msgs, err.Error()+"; it is never appended: add the line `var "+n+" = \"...\";` as the tech note shows")
		} else {
			code = AssignmentUnusable
			msgs = append(msgs, err.Error())
		}
	}
	return code, strings.Join(msgs, "; ")
}
