package spec

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// MultiChannel is the application instance of the 2000-agent model.
const MultiChannel = "MultiChannel"

// DefaultInventoryCSV is where the bulk-inventory CSV is written for the
// 4000/12000-agent models, in the state folder (it holds the PA password).
const DefaultInventoryCSV = "pcce-inventory.csv"

var (
	// appInstanceLarge is {site}_{peripheralSet}_{instance}.
	appInstanceLarge = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*_[A-Za-z0-9][A-Za-z0-9-]*_[A-Za-z0-9][A-Za-z0-9-]*$`)
	// inventoryName is PCCE's machine name pattern.
	inventoryName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)
	esPatch       = regexp.MustCompile(`^ES(\d+)$`)
)

// validatePCCE checks the AW's REST endpoint, the inventory (4.2, 4.3) and
// the declared patch levels (prerequisites).
func (v *validator) validatePCCE() {
	in := v.s.Integration
	if pc := in.PCCE; pc != nil {
		const bp = "integration.pcce"
		if v.required(bp+".url", pc.URL, "https://<AW or ADS>") {
			v.httpsURL(bp+".url", pc.URL, "https://aw1.example.com",
				"the Unified Config API uses Basic authentication; only HTTPS is accepted")
		}
		v.required(bp+".user", pc.User, "an administrator of the PCCE web administration")
		v.checkSecret(bp+".password", pc.Password, "the PCCE administrator's password")
		if v.required(bp+".caCertificate", pc.CACertificate, "the CA (or self-signed) certificate the AW presents, PEM; verification is never skipped") {
			v.cert(bp+".caCertificate", pc.CACertificate)
		}
		models := []string{Model2000, Model4000, Model12000}
		if v.required(bp+".deploymentModel", pc.DeploymentModel, "2000, 4000 or 12000 (agents)") && !slices.Contains(models, pc.DeploymentModel) {
			v.errAt(bp+".deploymentModel", fmt.Sprintf("%q is not a deployment model; want 2000, 4000 or 12000", pc.DeploymentModel), "")
		}
		if pc.RequestTimeout <= 0 {
			v.errAt(bp+".requestTimeout", "must be more than 0", "leave the field out for 30s")
		}
		v.checkPatches(bp, "PCCE", pc.Version, pc.Patches, pcceMinimums(pc.Version, pc.WXMAnalyzer))
		v.checkPatches("integration.ece", "ECE", in.ECE.Version, in.ECE.Patches, eceMinimums(in.ECE.Version, pc.WXMAnalyzer))
	}
	inv := in.Inventory
	if inv == nil {
		return
	}
	const bp = SourceInventory
	if in.PCCE == nil {
		v.blockErr(bp, "the inventory is in PCCE; integration.pcce is missing", "add integration.pcce: {url, user, password, caCertificate, deploymentModel}")
		return
	}
	model := in.PCCE.DeploymentModel
	ai := inv.ApplicationInstance
	switch {
	case model == Model2000 && ai != MultiChannel:
		hint := "the 2000-agent model uses the application instance MultiChannel"
		if strings.EqualFold(ai, MultiChannel) {
			hint = "application instance names are case-sensitive: write MultiChannel"
		}
		v.errAt(bp+".applicationInstance", fmt.Sprintf("%q is not the application instance of the 2000-agent model", ai), hint)
	case model != Model2000 && v.required(bp+".applicationInstance", ai, "{site}_{peripheralSet}_{instance}, case-sensitive") && !appInstanceLarge.MatchString(ai):
		v.errAt(bp+".applicationInstance", fmt.Sprintf("%q is not {site}_{peripheralSet}_{instance}", ai), "the 4000 and 12000-agent models name the ECE application instance after its site, peripheral set and instance")
	}
	if u := in.UCCEIntegration; u != nil && u.ApplicationInstance != "" && ai != "" && u.ApplicationInstance != ai {
		v.errAt(SourceUCCEIntegration+".applicationInstance", fmt.Sprintf("%q differs from the inventory's application instance %q", u.ApplicationInstance, ai), "ECE and PCCE must name the same application instance (case-sensitive)")
	}
	if inv.StatusWait <= 0 {
		v.errAt(bp+".statusWait", "must be more than 0", "leave the field out for 60s")
	}
	v.required(bp+".partitionAdmin.user", inv.PartitionAdmin.User, "the ECE partition administrator PCCE signs in to ECE with")
	v.checkSecret(bp+".partitionAdmin.password", inv.PartitionAdmin.Password, "the partition administrator's password")
	if model == Model2000 && v.pos.has(bp+".csvFile") {
		v.errAt(bp+".csvFile", "only for the 4000 and 12000-agent models (bulk upload)", "the 2000-agent model adds the machines through the API")
	}
	data := hostsWithRole(v.s, RoleECEData)
	if len(data) == 0 {
		v.blockErr(bp, "no host has role ece-data: the ECE data (services) server is added to the inventory (step 4.2)", "add the data server(s) as hosts with role ece-data and their fqdn")
	}
	for i, h := range v.s.Hosts {
		if slices.Contains(h.Roles, RoleECEData) && h.FQDN == "" {
			v.errAt(fmt.Sprintf("hosts[%d].fqdn", i), "missing required field", "the inventory adds the ECE data server by its FQDN (step 4.2)")
		}
	}
	seenMachine := map[string]string{}
	for i, h := range v.s.Hosts {
		if !slices.Contains(h.Roles, RoleECEData) {
			continue
		}
		n := DataMachineName(h.Name)
		if other, dup := seenMachine[n]; dup {
			v.errAt(fmt.Sprintf("hosts[%d].name", i), fmt.Sprintf("%q and %q both make the inventory resource %s.%s", other, h.Name, KindMachine, n), "rename one of the ece-data hosts")
		}
		seenMachine[n] = h.Name
	}
	if name := webMachineName(in.ECE.FQDN); in.ECE.FQDN != "" && !inventoryName.MatchString(name) {
		v.errAt("integration.ece.fqdn", fmt.Sprintf("%q does not make a valid inventory name", name), "")
	}
}

// webMachineName is the inventory name of the ECE web server: the first
// label of the FQDN.
func webMachineName(fqdn string) string {
	name, _, _ := strings.Cut(fqdn, ".")
	return name
}

// minimum is a patch a release needs, and why.
type minimum struct {
	patch string // "ES37" (that ES or later) or an exact name ("ES3_ET1a")
	why   string
}

func pcceMinimums(version string, wxm bool) []minimum {
	var out []minimum
	if version == "12.0(1)" {
		out = append(out, minimum{"ES37", "the tech note's minimum for PCCE 12.0(1)"})
	}
	if wxm && strings.HasPrefix(version, "12.5") {
		out = append(out, minimum{"ES7", "the WXM analyzer on PCCE 12.5"})
	}
	return out
}

func eceMinimums(version string, wxm bool) []minimum {
	var out []minimum
	if version == "12.0(1)" {
		out = append(out, minimum{"ES3", "the tech note's minimum for ECE 12.0(1)"}, minimum{"ES3_ET1a", "the tech note's engineering test fix for ECE 12.0(1) ES3"})
	}
	if wxm && strings.HasPrefix(version, "12.5") {
		out = append(out, minimum{"ES1", "the WXM analyzer on ECE 12.5"})
	}
	return out
}

// checkPatches reports every minimum the declared patches do not meet. An
// "ESn" minimum is met by any ESm with m >= n.
func (v *validator) checkPatches(bp, product, version string, patches []string, mins []minimum) {
	for _, m := range mins {
		if !patchMet(patches, m.patch) {
			v.errAt(bp+".patches", fmt.Sprintf("%s %s needs %s (%s); declared: [%s]", product, version, m.patch, m.why, strings.Join(patches, ", ")),
				"install the patch, then declare it here")
		}
	}
}

func patchMet(patches []string, want string) bool {
	wm := esPatch.FindStringSubmatch(want)
	for _, p := range patches {
		if strings.EqualFold(p, want) {
			return true
		}
		if wm == nil {
			continue
		}
		if pm := esPatch.FindStringSubmatch(strings.ToUpper(p)); pm != nil {
			got, _ := strconv.Atoi(pm[1])
			need, _ := strconv.Atoi(wm[1])
			if got >= need {
				return true
			}
		}
	}
	return false
}
