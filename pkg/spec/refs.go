package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Resource kinds a spec declares (the keys of a resources item).
const (
	KindKeystore   = "keystore"
	KindSpogConfig = "spog_config"
	KindService    = "service"
	// Declared only through the integration block (for now): they need the
	// Windows operations of a web server.
	KindCertificate = "certificate"
	KindIISBinding  = "iis_binding"
	// ECE-wide kinds, on the pseudo-host ECEHost.
	KindPartitionSSO    = "ece_partition_sso"
	KindTraceLevel      = "ece_trace_level"
	KindUCCEIntegration = "ece_ucce_integration"
	// PCCE-wide kinds, on the pseudo-host PCCEHost.
	KindMachine = "inventory_machine"
	KindCheck   = "check"
)

// PCCEHost is the host part of the addresses of PCCE-wide resources (the
// inventory, the checks), reached through the AW's REST API.
const PCCEHost = "PCCE"

// Names of the PCCE resources.
const (
	NameWebMachine     = "ece_web"          // inventory_machine of ece.fqdn
	NameCheckMRDs      = "mrds"             // check
	NameCheckAppInst   = "app_instance"     // check
	NameCheckInvStatus = "inventory_status" // check
	SourceInventory    = "integration.inventory"
)

// DataMachineName is the inventory_machine resource name of an ece-data
// host: its name with _ ("ece-data-b" → "ece_data_b"), prefixed with
// "data_" should that be the web server's name.
func DataMachineName(host string) string {
	n := strings.ReplaceAll(host, "-", "_")
	if n == NameWebMachine {
		n = "data_" + n
	}
	return n
}

// ECEHost is the host part of the addresses of ECE-wide settings (they live
// in ECE's database, not on one server). Upper-case, so that it can never be
// the name of a host of the spec.
const ECEHost = "ECE"

// Kinds lists the resource kinds in the order messages show them.
var Kinds = []string{KindKeystore, KindSpogConfig, KindService, KindCertificate, KindIISBinding,
	KindPartitionSSO, KindTraceLevel, KindUCCEIntegration, KindMachine, KindCheck}

// Names of the resources the integration block expands into.
const (
	NameADKeystore   = "ece_ad_keystore" // integration.activeDirectory, on each ece-app host
	NameSpogConfig   = "spog_config"     // integration.spogConfig, on each ece-web host
	NameADSCacerts   = "ads_cacerts"     // integration.adsTrust, on each pcce-ads host
	NameADSTomcat    = "ads_tomcat"      // integration.adsTrust, on each pcce-ads host
	NameWebCert      = "ece_web"         // integration.webCertificate, on each ece-web host
	NameIISBinding   = "ece_https"       // integration.iisBinding, on each ece-web host
	NamePartitionSSO = "partition_admin" // integration.partitionSSO, on ECEHost
	NameUCCE         = "ucce"            // integration.ucceIntegration, on ECEHost
	// integration.traceLevels: one per process, named after it (TraceName).
)

// Sources of the integration blocks (Instance.Source).
const (
	SourceActiveDirectory = "integration.activeDirectory"
	SourceSpogConfig      = "integration.spogConfig"
	SourceADSTrust        = "integration.adsTrust"
	SourceWebCertificate  = "integration.webCertificate"
	SourceIISBinding      = "integration.iisBinding"
	SourcePartitionSSO    = "integration.partitionSSO"
	SourceTraceLevels     = "integration.traceLevels"
	SourceUCCEIntegration = "integration.ucceIntegration"
)

// decl is one declared resource before fan-out to hosts.
type decl struct {
	kind, name string
	source     string
	hosts      []string
	pos        Pos
}

func (d *decl) String() string { return d.kind + "." + d.name }

// declIndex finds declarations by "kind.name"; the first one wins when a
// name is declared twice (reported elsewhere).
type declIndex struct {
	list  []*decl
	byKey map[string]*decl
}

func (x *declIndex) add(d *decl) {
	x.list = append(x.list, d)
	if _, dup := x.byKey[d.String()]; !dup {
		x.byKey[d.String()] = d
	}
}

func (x *declIndex) get(kind, name string) (*decl, bool) {
	d, ok := x.byKey[kind+"."+name]
	return d, ok
}

// names lists the names declared for kind.
func (x *declIndex) names(kind string) []string {
	var out []string
	for _, d := range x.list {
		if d.kind == kind {
			out = append(out, d.name)
		}
	}
	return out
}

// buildDeclIndex lists the integration blocks' resources, then the
// resources items, in spec order.
func buildDeclIndex(s *Spec, pos *positions) *declIndex {
	x := &declIndex{byKey: map[string]*decl{}}
	names := func(hs []Host) []string {
		out := make([]string, len(hs))
		for i, h := range hs {
			out[i] = h.Name
		}
		return out
	}
	if in := s.Integration; in != nil {
		if in.ActiveDirectory != nil {
			x.add(&decl{KindKeystore, NameADKeystore, SourceActiveDirectory, names(hostsWithRole(s, RoleECEApp)), pos.key(SourceActiveDirectory)})
		}
		if in.SpogConfig != nil {
			x.add(&decl{KindSpogConfig, NameSpogConfig, SourceSpogConfig, names(hostsWithRole(s, RoleECEWeb)), pos.key(SourceSpogConfig)})
		}
		if in.ADSTrust != nil {
			hs := names(hostsWithRole(s, RolePCCEADS))
			x.add(&decl{KindKeystore, NameADSCacerts, SourceADSTrust, hs, pos.key(SourceADSTrust)})
			x.add(&decl{KindService, NameADSTomcat, SourceADSTrust, hs, pos.key(SourceADSTrust)})
		}
		web := names(hostsWithRole(s, RoleECEWeb))
		if in.WebCertificate != nil {
			x.add(&decl{KindCertificate, NameWebCert, SourceWebCertificate, web, pos.key(SourceWebCertificate)})
		}
		if in.IISBinding != nil {
			x.add(&decl{KindIISBinding, NameIISBinding, SourceIISBinding, web, pos.key(SourceIISBinding)})
		}
		ece := []string{ECEHost}
		if in.PartitionSSO != nil {
			x.add(&decl{KindPartitionSSO, NamePartitionSSO, SourcePartitionSSO, ece, pos.key(SourcePartitionSSO)})
		}
		for i, t := range in.TraceLevels {
			src := fmt.Sprintf("%s[%d]", SourceTraceLevels, i)
			x.add(&decl{KindTraceLevel, TraceName(t.Process), src, ece, pos.key(src)})
		}
		if in.UCCEIntegration != nil {
			x.add(&decl{KindUCCEIntegration, NameUCCE, SourceUCCEIntegration, ece, pos.key(SourceUCCEIntegration)})
		}
		if in.Inventory != nil {
			pc, at := []string{PCCEHost}, pos.key(SourceInventory)
			x.add(&decl{KindMachine, NameWebMachine, SourceInventory, pc, at})
			for _, h := range hostsWithRole(s, RoleECEData) {
				x.add(&decl{KindMachine, DataMachineName(h.Name), SourceInventory, pc, at})
			}
			for _, n := range []string{NameCheckMRDs, NameCheckAppInst, NameCheckInvStatus} {
				x.add(&decl{KindCheck, n, SourceInventory, pc, at})
			}
		}
	}
	for i, r := range s.Resources {
		kind, c := r.kindCommon()
		if c == nil || c.Name == "" {
			continue
		}
		src := fmt.Sprintf("resources[%d].%s", i, kind)
		x.add(&decl{kind, c.Name, src, c.Hosts, pos.key(src)})
	}
	return x
}

// kindCommon returns the item's kind and common fields, or "", nil.
func (r ResourceDecl) kindCommon() (string, *Common) {
	switch {
	case r.Keystore != nil:
		return KindKeystore, &r.Keystore.Common
	case r.SpogConfig != nil:
		return KindSpogConfig, &r.SpogConfig.Common
	case r.Service != nil:
		return KindService, &r.Service.Common
	}
	return "", nil
}

// parseRef parses "kind.name" or "kind.name[host]" and returns a problem
// sentence when it is malformed.
func parseRef(s string) (resources.Addr, string) {
	a, err := resources.ParseAddr(s)
	if err != nil || !resourceName.MatchString(a.Name) || (a.Host == "" && s != a.String()) {
		return a, fmt.Sprintf("%q is not a reference; want kind.name or kind.name[host]", s)
	}
	if !slices.Contains(Kinds, a.Kind) {
		return a, fmt.Sprintf("unknown kind %q in %q%s", a.Kind, s, didYouMean(a.Kind, Kinds))
	}
	return a, ""
}

// TraceName is the resource name of a trace level: the process in
// lower case with _ ("EAAS-process" → "eaas_process").
func TraceName(process string) string {
	return strings.ReplaceAll(strings.ToLower(process), "-", "_")
}
