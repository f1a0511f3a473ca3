package spec

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/ldapverify"
)

// TraceProcesses are the ECE processes whose trace level the tech note's
// troubleshooting raises.
var TraceProcesses = []string{"EAAS-process", "EAMS-process", "dx-process", "rx-process"}

// hasECEBlocks reports whether a block that goes through the ECE admin
// backend is present.
func (in *Integration) hasECEBlocks() bool {
	return in.PartitionSSO != nil || len(in.TraceLevels) > 0 || in.UCCEIntegration != nil
}

// validateECE checks steps 2.2, 5 and the trace levels, and the backend
// they go through.
func (v *validator) validateECE() {
	in := v.s.Integration
	if a := in.ECEAdmin; a != nil {
		const bp = "integration.eceAdmin"
		backends := []string{ECEAdminManual, ECEAdminLab}
		if v.required(bp+".backend", a.Backend, "manual (an operator task, attested) or lab") && !slices.Contains(backends, a.Backend) {
			v.errAt(bp+".backend", fmt.Sprintf("%q is not an ECE admin backend; want manual or lab%s", a.Backend, didYouMean(a.Backend, backends)), "")
		}
		switch {
		case a.Backend == ECEAdminLab:
			v.required(bp+".root", a.Root, "the lab folder holding .lab/ece, relative to the spec")
		case v.pos.has(bp + ".root"):
			v.errAt(bp+".root", "only for the lab backend", "")
		}
		if !in.hasECEBlocks() {
			v.blockErr(bp, "no block uses it", "eceAdmin is for partitionSSO, traceLevels and ucceIntegration")
		}
	} else if in.hasECEBlocks() {
		v.blockErr("integration", "partitionSSO, traceLevels and ucceIntegration need integration.eceAdmin",
			"ECE has no public admin API: eceAdmin: {backend: manual} shows each change as an operator task and records who did it")
	}
	if ps := in.PartitionSSO; ps != nil {
		v.validatePartitionSSO(ps)
	}
	seen := map[string]int{}
	for i, t := range in.TraceLevels {
		p := fmt.Sprintf("%s[%d]", SourceTraceLevels, i)
		if v.required(p+".process", t.Process, "one of "+strings.Join(TraceProcesses, ", ")) {
			if !slices.Contains(TraceProcesses, t.Process) {
				v.errAt(p+".process", fmt.Sprintf("%q is not a traced process; want %s%s", t.Process, strings.Join(TraceProcesses, ", "), didYouMean(t.Process, TraceProcesses)), "")
			} else if j, dup := seen[t.Process]; dup {
				v.errAt(p+".process", fmt.Sprintf("%s is already set by %s[%d]", t.Process, SourceTraceLevels, j), "")
			} else {
				seen[t.Process] = i
			}
		}
		if problem, hint := checkTrace(t.Level, t.MaxDuration.D()); problem != "" {
			field := ".level"
			if strings.Contains(problem, "maxDuration") {
				field = ".maxDuration"
			}
			v.errAt(p+field, problem, hint)
		}
	}
	if u := in.UCCEIntegration; u != nil {
		const bp = SourceUCCEIntegration
		v.required(bp+".awdb.server", u.AWDB.Server, "the AW database server")
		v.required(bp+".awdb.database", u.AWDB.Database, "e.g. pcce_awdb")
		v.required(bp+".awdb.user", u.AWDB.User, "")
		v.checkSecret(bp+".awdb.password", u.AWDB.Password, "the AWDB user's password")
		if u.AWDB.Port < 1 || u.AWDB.Port > 65535 {
			v.errAt(bp+".awdb.port", fmt.Sprintf("%d is not a TCP port", u.AWDB.Port), "leave the field out for 1433")
		}
		if v.required(bp+".applicationInstance", u.ApplicationInstance, "the application instance created for ECE (case-sensitive)") &&
			strings.HasPrefix(strings.ToUpper(u.ApplicationInstance), "UQ") {
			v.errAt(bp+".applicationInstance", fmt.Sprintf("%q is the UQ application instance", u.ApplicationInstance),
				"the tech note: select the application instance created for ECE, never the one starting with UQ")
		}
		v.requiredList(bp+".agentPGs", len(u.AgentPGs), "agent PG", "the agent peripheral gateways ECE integrates with")
	}
}

func (v *validator) validatePartitionSSO(ps *PartitionSSO) {
	const bp = SourcePartitionSSO
	if v.required(bp+".url", ps.URL, "a Global Catalog: ldaps://gc.example.com:3269") {
		u, err := url.Parse(ps.URL)
		switch {
		case err != nil || u.Host == "":
			v.errAt(bp+".url", fmt.Sprintf("%q is not an LDAP URL", ps.URL), "ldaps://gc.example.com:3269")
		case u.Scheme != "ldap" && u.Scheme != "ldaps":
			v.errAt(bp+".url", fmt.Sprintf("%q is not ldap:// or ldaps://", ps.URL), "")
		}
	}
	v.required(bp+".dnAttribute", ps.DNAttribute, "the tech note: userPrincipalName")
	if ps.URL != "" {
		// The tech note's traps that make the configuration fail for sure;
		// the warnings (DN attribute, SSL off) are shown by plan.
		for _, f := range ldapverify.Analyze(ps.URL, ps.Base, ps.DNAttribute, ps.SSLEnabled == nil || *ps.SSLEnabled) {
			if f.Level == ldapverify.LevelError && f.Code != ldapverify.FindingInvalidURL {
				v.errAt(bp+".url", f.Message, "")
			}
		}
	}
	v.required(bp+".searchDN", ps.SearchDN, "the DN (or UPN) of the account ECE binds with to search")
	v.checkSecret(bp+".password", ps.Password, "the search account's password")
	ad := v.s.Integration.ActiveDirectory
	switch {
	case ad == nil:
		v.blockErr(bp, "the partition SSO uses the keystore of step 2.1, and integration.activeDirectory is missing",
			"add integration.activeDirectory: ECE reads the AD certificate from that keystore, and the verification trusts exactly it")
	case ps.KeystorePath == "":
		v.required(bp+".keystorePath", "", "the keystore of step 2.1; leave the field out to use activeDirectory.keystore.path")
	case normPath(ps.KeystorePath) != normPath(ad.Keystore.Path):
		v.errAt(bp+".keystorePath", fmt.Sprintf("%s is not the keystore of step 2.1 (activeDirectory.keystore.path %s)", quotePath(ps.KeystorePath), quotePath(ad.Keystore.Path)),
			"leave the field out: ECE must read the keystore ecereconcile fills with the AD certificate")
	}
	if ps.TestUser != "" && !strings.Contains(ps.TestUser, "@") {
		v.errAt(bp+".testUser", fmt.Sprintf("%q is not a userPrincipalName", ps.TestUser), "user@domain, e.g. agent1@example.com")
	}
}

// checkTrace returns a problem with a trace level and its window, or "".
func checkTrace(level int, maxDuration time.Duration) (problem, hint string) {
	switch {
	case level < 1 || level > 8:
		return fmt.Sprintf("%d is not a trace level; want 1 to 8", level), "the tech note raises EAAS, EAMS, dx and rx to 4 (Info) to troubleshoot"
	case level >= 7 && maxDuration <= 0:
		return fmt.Sprintf("level %d needs maxDuration", level), "levels 7 and 8 slow ECE down; ECE requires a maximum duration for them, e.g. maxDuration: 2h"
	case level < 7 && maxDuration > 0:
		return fmt.Sprintf("maxDuration is only for levels 7 and 8, not %d", level), ""
	}
	return "", ""
}
