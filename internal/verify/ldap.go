package verify

import (
	"fmt"
	"slices"
	"strings"
)

// judgeLDAP turns the partition SSO's verification into a result.
func judgeLDAP(t Target, f *facts) Result {
	r := Result{Check: CheckLDAP, Subject: "partition SSO"}
	if t.LDAP == nil {
		return notConfigured(CheckLDAP, r.Subject, "the spec has no integration.partitionSSO")
	}
	if f.ldap.err != nil {
		r.Status, r.Code = Error, Unavailable
		r.Summary = fmt.Sprintf("the LDAP verification did not finish: %v", f.ldap.err)
		return r
	}
	o := f.ldap.v
	fix := orElse(applyCmd(t.SpecFile, slices.Concat(o.FixResources, []string{t.LDAP.Resource})...),
		"in ECE, Administration > Partition: default > Security > SSO and Provisioning > Partition Administrator Configuration, "+
			"check the LDAP URL (a Global Catalog, 3269 with SSL), DN attribute userPrincipalName, empty base, the DN for LDAP search and its password, "+
			"and the keystore location (tech note step 2.2)")
	switch {
	case o.CouldNotRun:
		r.Status, r.Code = Error, orDefault(o.Code, Unavailable)
		r.Summary = "the LDAP verification could not be tried from here: " + o.Detail
		r.Fix = o.Remedy
		return r
	case !o.OK:
		r.Status, r.Code = Fail, orDefault(o.Code, "Other")
		r.Summary = "the partition SSO's LDAP settings fail"
		if n := len(o.Steps); n > 0 {
			r.Summary += " at step " + o.Steps[n-1]
		}
		if o.Detail != "" {
			r.Summary += ": " + o.Detail
		}
		r.Symptom = symptomLoadError + "; with the application server's trace level at 7 (Debug), its log shows LDAP errors after a login attempt"
		r.Fix = fix
		if o.Remedy != "" {
			r.Fix = o.Remedy + "; " + fix
		}
		return r
	}
	if saved := f.ssoSaved; saved.err == nil && saved.v != nil && !*saved.v {
		r.Status, r.Code = Fail, PartitionSSONotSaved
		r.Summary = "the LDAP settings of the spec work, but ECE has no partition SSO configuration saved"
		r.Symptom = symptomLoadError
		r.Fix = fix
		return r
	}
	r.Status = Pass
	r.Summary = "TLS with the keystore of step 2.1, bind with the DN for LDAP search and the test user's search pass"
	if len(o.Steps) > 0 {
		r.Summary += " (" + strings.Join(o.Steps, ", ") + ")"
	}
	if err := f.ssoSaved.err; err != nil {
		// The settings work; whether ECE has them saved is not known.
		r.Summary += "; whether ECE has them saved could not be read: " + err.Error()
	}
	return r
}
