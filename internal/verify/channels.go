package verify

import (
	"fmt"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources/ece"
)

// agentChannelMRDs are the MRDs an agent needs to be enabled for email and
// chat.
var agentChannelMRDs = []string{pcce.MRDNameEmail, pcce.MRDNameChat}

// consoleSteps is what a person checks (tech note step 6).
const consoleSteps = "in Unified CCE Administration > Users > Agents, select a test agent: the General tab must show the " +
	"\"Support Email & Chat\" check box; tick it, open the \"Enable Email & Chat\" tab, enter a Screen Name and Save (a confirmation shows); " +
	"then in Email and Chat > User Management > Users the agent must be listed (tech note step 6)"

// judgeChannels decides whether an agent can be enabled for email and
// chat, as far as the backends tell: ECE_Email and ECE_Chat associated with
// the application instance (PCCE), and the Unified CCE integration saved
// with it (ECE's admin store; the manual backend cannot tell, so a person
// checks the console).
func judgeChannels(t Target, f *facts) Result {
	r := Result{Check: CheckAgentChannels, Subject: "ECE email and chat"}
	switch {
	case t.PCCE == nil:
		return notConfigured(CheckAgentChannels, r.Subject, "the spec has no integration.pcce")
	case t.ApplicationInstance == "":
		return notConfigured(CheckAgentChannels, r.Subject, "the spec names no application instance (integration.ucceIntegration or inventory)")
	}
	symptom := "in CCE Administration > Users > Agents, an agent has no \"Support Email & Chat\" check box and no \"Enable Email & Chat\" tab"
	if f.pcce.mrds.err != nil {
		r.Status, r.Code = Error, Unavailable
		r.Summary = fmt.Sprintf("PCCE's media routing domains could not be read: %v", f.pcce.mrds.err)
		return r
	}
	if code, problems := mrdProblems(f.pcce.mrds.v, t.ApplicationInstance); len(problems) > 0 {
		r.Status, r.Code = Fail, code
		r.Summary = strings.Join(problems, "; ")
		r.Symptom = symptom
		r.Fix = fmt.Sprintf("in Unified CCE Administration, create ECE_Email and ECE_Chat (names are case-sensitive) and associate them with the application instance %s (tech note prerequisites)", t.ApplicationInstance)
		return r
	}
	mrdsOK := fmt.Sprintf("%s are associated with %s", strings.Join(agentChannelMRDs, " and "), t.ApplicationInstance)
	if t.ECEAdmin == nil {
		r.Status, r.Code = Skip, ManualConsole
		r.Summary = mrdsOK + "; the spec has no eceAdmin, so whether ECE is integrated is checked in the console"
		r.Fix = consoleSteps
		return r
	}
	if f.ucce.err != nil {
		r.Status, r.Code = Error, Unavailable
		r.Summary = fmt.Sprintf("ECE's Unified CCE integration could not be read: %v", f.ucce.err)
		return r
	}
	o := f.ucce.v.observed
	if !o.Known {
		r.Status, r.Code = Skip, ManualConsole
		r.Summary = mrdsOK + "; with the " + f.ucce.v.backend + " ECE backend only a person can see whether an agent can be enabled"
		if a := o.Attestation(""); a != nil {
			r.Summary += fmt.Sprintf(" (the Unified CCE integration was attested by %s on %s)", a.Who, a.When.UTC().Format(time.RFC3339))
		}
		r.Fix = consoleSteps
		return r
	}
	fix := "in ECE, Integration > Unified CCE: fill the AWDB details, choose the application instance and the agent PGs, then Save; saving is permanent (tech note step 5)"
	if t.UCCEResource != "" {
		spec := shellWord(t.SpecFile)
		fix = fmt.Sprintf("review ecereconcile plan -f %s, then run ecereconcile apply -f %s --allow-irreversible (converges %s): saving is permanent; by hand: %s",
			spec, spec, t.UCCEResource, fix)
	}
	switch got := o.Settings[ece.LabelAppInstance]; {
	case o.SavedAt.IsZero():
		r.Status, r.Code = Fail, UCCEIntegrationNotSaved
		r.Summary = mrdsOK + ", but ECE's Unified CCE integration is not saved"
		r.Fix = fix
	case got != t.ApplicationInstance:
		r.Status, r.Code = Fail, UCCEWrongAppInstance
		r.Summary = fmt.Sprintf("ECE's Unified CCE integration was saved with the application instance %q, not %q", got, t.ApplicationInstance)
		r.Fix = "the integration is permanent once saved: the only way to change it is to reinstall ECE (tech note step 5)"
	default:
		r.Status = Pass
		r.Summary = fmt.Sprintf("%s; ECE's Unified CCE integration is saved with it (%s)", mrdsOK, o.SavedAt.UTC().Format(time.RFC3339))
		return r
	}
	r.Symptom = symptom
	return r
}

// mrdProblems lists what keeps ECE_Email and ECE_Chat from serving the
// application instance, and the code of the first problem.
func mrdProblems(f mrdFact, appInstance string) (string, []string) {
	var code string
	var out []string
	add := func(c, msg string) {
		if code == "" {
			code = c
		}
		out = append(out, msg)
	}
	for _, name := range agentChannelMRDs {
		var found *pcce.MRD
		near := ""
		for i, m := range f.mrds {
			if m.Name == name {
				found = &f.mrds[i]
				break
			}
			if strings.EqualFold(m.Name, name) {
				near = m.Name
			}
		}
		if found == nil {
			msg := fmt.Sprintf("PCCE has no media routing domain %s", name)
			if near != "" {
				msg += fmt.Sprintf(" (there is %s, but names are case-sensitive)", near)
			}
			add(MRDMissing, msg)
			continue
		}
		ref := found.ApplicationInstanceRef()
		got := ref.Name
		if got == "" && ref.RefURL != "" {
			got = orDefault(f.instances[ref.RefURL], ref.RefURL)
		}
		switch got {
		case appInstance:
		case "":
			add(MRDWrongAppInstance, fmt.Sprintf("%s is associated with no application instance", name))
		default:
			add(MRDWrongAppInstance, fmt.Sprintf("%s is associated with %q, not %q", name, got, appInstance))
		}
	}
	return code, out
}
