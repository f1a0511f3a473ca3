package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// expand fans the integration blocks and the resources items out to one
// Instance per host, in spec order: activeDirectory, spogConfig, adsTrust
// (keystore then service per host), then resources items. References that
// do not resolve are left out (validation reports them). pos may be nil.
func expand(s *Spec, pos *positions) []Instance {
	var out []Instance
	add := func(inst Instance) { out = append(out, inst) }
	if in := s.Integration; in != nil {
		if ad := in.ActiveDirectory; ad != nil {
			for _, h := range hostsWithRole(s, RoleECEApp) {
				add(Instance{
					Addr:   resources.Addr{Kind: KindKeystore, Name: NameADKeystore, Host: h.Name},
					Source: SourceActiveDirectory,
					Pos:    pos.key(SourceActiveDirectory),
					Keystore: &KeystoreDecl{
						Common:        Common{Name: NameADKeystore, Hosts: []string{h.Name}},
						KeystoreStore: ad.Keystore,
						Entries:       []TrustEntry{{Alias: ad.Alias, Certificate: ad.Certificate, Cert: ad.Cert}},
					},
				})
			}
		}
		if sc := in.SpogConfig; sc != nil {
			for _, h := range hostsWithRole(s, RoleECEWeb) {
				add(Instance{
					Addr:   resources.Addr{Kind: KindSpogConfig, Name: NameSpogConfig, Host: h.Name},
					Source: SourceSpogConfig,
					Pos:    pos.key(SourceSpogConfig),
					SpogConfig: &SpogConfigDecl{
						Common:            Common{Name: NameSpogConfig, Hosts: []string{h.Name}},
						Path:              sc.Path,
						WebServerProtocol: sc.WebServerProtocol,
						WebServerName:     sc.WebServerName,
					},
				})
			}
		}
		web := hostsWithRole(s, RoleECEWeb)
		var issuer resources.Addr // the first web server's certificate
		if wc := in.WebCertificate; wc != nil && len(web) > 0 {
			issuer = resources.Addr{Kind: KindCertificate, Name: NameWebCert, Host: web[0].Name}
			for i, h := range web {
				ci := &CertificateInst{WebCertificate: *wc, FQDN: in.ECE.FQDN}
				ci.DNSNames = slices.Clone(wc.DNSNames)
				inst := Instance{
					Addr:        resources.Addr{Kind: KindCertificate, Name: NameWebCert, Host: h.Name},
					Source:      SourceWebCertificate,
					Pos:         pos.key(SourceWebCertificate),
					Certificate: ci,
				}
				if wc.IsShared() && i > 0 {
					ci.Issuer = issuer
					inst.DependsOn = []resources.Addr{issuer}
				}
				if wc.CSR != nil && wc.CSR.SignedCertificate != "" && (i == 0 || !wc.IsShared()) {
					ci.SignedCertificate = strings.ReplaceAll(wc.CSR.SignedCertificate, "{host}", h.Name)
				}
				add(inst)
			}
		}
		if b := in.IISBinding; b != nil && in.WebCertificate != nil {
			for _, h := range web {
				cert := resources.Addr{Kind: KindCertificate, Name: NameWebCert, Host: h.Name}
				add(Instance{
					Addr:       resources.Addr{Kind: KindIISBinding, Name: NameIISBinding, Host: h.Name},
					DependsOn:  []resources.Addr{cert},
					Source:     SourceIISBinding,
					Pos:        pos.key(SourceIISBinding),
					IISBinding: &IISBindingInst{IISBinding: *b, Certificate: cert},
				})
			}
		}
		if at := in.ADSTrust; at != nil {
			entries := slices.Clone(at.Certificates)
			var trustFrom []TrustFrom
			switch {
			case len(entries) > 0:
			case in.WebCertificate != nil && issuer != (resources.Addr{}):
				// Self-signed, shared: the certificate ecereconcile makes on
				// the first web server, known after it is applied.
				trustFrom = []TrustFrom{{Alias: in.ECE.FQDN, Certificate: issuer}}
			default:
				entries = []TrustEntry{{Alias: in.ECE.FQDN, Certificate: in.ECE.WebCertificate, Cert: in.ECE.WebCert}}
			}
			for _, h := range hostsWithRole(s, RolePCCEADS) {
				ks := resources.Addr{Kind: KindKeystore, Name: NameADSCacerts, Host: h.Name}
				inst := Instance{
					Addr:   ks,
					Source: SourceADSTrust,
					Pos:    pos.key(SourceADSTrust),
					Keystore: &KeystoreDecl{
						Common:        Common{Name: NameADSCacerts, Hosts: []string{h.Name}},
						KeystoreStore: at.Truststore,
						Entries:       slices.Clone(entries),
					},
					TrustFrom: slices.Clone(trustFrom),
				}
				for _, tf := range trustFrom {
					inst.DependsOn = append(inst.DependsOn, tf.Certificate)
				}
				add(inst)
				add(Instance{
					Addr:       resources.Addr{Kind: KindService, Name: NameADSTomcat, Host: h.Name},
					DependsOn:  []resources.Addr{ks},
					Subscribes: []resources.Addr{ks},
					Source:     SourceADSTrust,
					Pos:        pos.key(SourceADSTrust),
					Service: &ServiceDecl{
						Common:    Common{Name: NameADSTomcat, Hosts: []string{h.Name}},
						Service:   at.RestartService,
						RestartOn: []string{KindKeystore + "." + NameADSCacerts},
					},
				})
			}
		}
	}
	if in := s.Integration; in != nil {
		machines := expandPCCE(s, in, pos, add, out)
		expandECE(s, in, pos, add, machines)
	}
	firstItem := len(out)
	for i, r := range s.Resources {
		kind, c := r.kindCommon()
		if c == nil {
			continue
		}
		src := fmt.Sprintf("resources[%d].%s", i, kind)
		for j, h := range c.Hosts {
			if _, known := s.Host(h); !known || indexOf(c.Hosts, h) < j {
				continue // reported by validation
			}
			inst := Instance{
				Addr:   resources.Addr{Kind: kind, Name: c.Name, Host: h},
				Source: src,
				Pos:    pos.key(src),
			}
			one := Common{Name: c.Name, Hosts: []string{h}, DependsOn: slices.Clone(c.DependsOn)}
			switch kind {
			case KindKeystore:
				k := *r.Keystore
				k.Common, k.Entries = one, slices.Clone(k.Entries)
				inst.Keystore = &k
			case KindSpogConfig:
				sc := *r.SpogConfig
				sc.Common = one
				inst.SpogConfig = &sc
			case KindService:
				sv := *r.Service
				sv.Common, sv.RestartOn = one, slices.Clone(sv.RestartOn)
				inst.Service = &sv
			}
			add(inst)
		}
	}
	resolveItemRefs(out, firstItem)
	return out
}

// resolveItemRefs fills DependsOn and Subscribes of the resources items'
// instances (out[from:]). "kind.name" is the instance on the same host when
// there is one, else every instance; "kind.name[host]" is that instance.
// restartOn names the instance on the same host only.
func resolveItemRefs(out []Instance, from int) {
	byName := map[string][]resources.Addr{} // "kind.name" -> instances
	exists := map[resources.Addr]bool{}
	for _, inst := range out {
		key := inst.Addr.Kind + "." + inst.Addr.Name
		byName[key] = append(byName[key], inst.Addr)
		exists[inst.Addr] = true
	}
	for i := from; i < len(out); i++ {
		inst := &out[i]
		var c *Common
		var restartOn []string
		switch {
		case inst.Keystore != nil:
			c = &inst.Keystore.Common
		case inst.SpogConfig != nil:
			c = &inst.SpogConfig.Common
		case inst.Service != nil:
			c, restartOn = &inst.Service.Common, inst.Service.RestartOn
		}
		var deps, subs []resources.Addr
		for _, ref := range c.DependsOn {
			a, problem := parseRef(ref)
			if problem != "" {
				continue
			}
			if a.Host != "" {
				if exists[a] {
					deps = append(deps, a)
				}
				continue
			}
			same := resources.Addr{Kind: a.Kind, Name: a.Name, Host: inst.Addr.Host}
			if exists[same] {
				deps = append(deps, same)
			} else {
				deps = append(deps, byName[a.Kind+"."+a.Name]...)
			}
		}
		for _, ref := range restartOn {
			a, problem := parseRef(ref)
			if problem != "" || a.Host != "" {
				continue
			}
			same := resources.Addr{Kind: a.Kind, Name: a.Name, Host: inst.Addr.Host}
			if exists[same] {
				subs = append(subs, same)
			}
		}
		inst.Subscribes = sortAddrs(subs)
		inst.DependsOn = sortAddrs(append(deps, subs...))
	}
}

// sortAddrs sorts and removes duplicates; nil stays nil.
func sortAddrs(as []resources.Addr) []resources.Addr {
	if len(as) == 0 {
		return nil
	}
	slices.SortFunc(as, resources.CompareAddr)
	return slices.Compact(as)
}

// expandECE adds the ECE-wide settings, each on ECEHost: the partition SSO
// after the AD keystores it names, the trace levels, and the UCCE
// integration last (after the partition SSO and the ADS trust restarts).
func expandECE(s *Spec, in *Integration, pos *positions, add func(Instance), machines []resources.Addr) {
	var appKeystores, tomcats []resources.Addr
	if in.ActiveDirectory != nil {
		for _, h := range hostsWithRole(s, RoleECEApp) {
			appKeystores = append(appKeystores, resources.Addr{Kind: KindKeystore, Name: NameADKeystore, Host: h.Name})
		}
	}
	if in.ADSTrust != nil {
		for _, h := range hostsWithRole(s, RolePCCEADS) {
			tomcats = append(tomcats, resources.Addr{Kind: KindService, Name: NameADSTomcat, Host: h.Name})
		}
	}
	sso := resources.Addr{Kind: KindPartitionSSO, Name: NamePartitionSSO, Host: ECEHost}
	if ps := in.PartitionSSO; ps != nil {
		c := *ps
		add(Instance{
			Addr:         sso,
			DependsOn:    sortAddrs(slices.Clone(appKeystores)),
			Source:       SourcePartitionSSO,
			Pos:          pos.key(SourcePartitionSSO),
			ECEAdmin:     in.ECEAdmin,
			PartitionSSO: &c,
		})
	}
	for i, t := range in.TraceLevels {
		src := fmt.Sprintf("%s[%d]", SourceTraceLevels, i)
		tl := t
		add(Instance{
			Addr:       resources.Addr{Kind: KindTraceLevel, Name: TraceName(t.Process), Host: ECEHost},
			Source:     src,
			Pos:        pos.key(src),
			ECEAdmin:   in.ECEAdmin,
			TraceLevel: &tl,
		})
	}
	if u := in.UCCEIntegration; u != nil {
		c := *u
		c.AgentPGs = slices.Clone(u.AgentPGs)
		deps := append(slices.Clone(tomcats), machines...)
		if in.PartitionSSO != nil {
			deps = append(deps, sso)
		}
		add(Instance{
			Addr:            resources.Addr{Kind: KindUCCEIntegration, Name: NameUCCE, Host: ECEHost},
			DependsOn:       sortAddrs(deps),
			Source:          SourceUCCEIntegration,
			Pos:             pos.key(SourceUCCEIntegration),
			ECEAdmin:        in.ECEAdmin,
			UCCEIntegration: &c,
		})
	}
}

// expandPCCE adds the checks and the inventory machines (on PCCEHost) and
// returns what the UCCE integration waits for: the machines and the
// inventory status check. The ECE web server's entry comes after everything
// the tech note does before step 4.3: the ADS trust and its Tomcat
// restarts, spog_config.js, the https binding and the prerequisite checks.
func expandPCCE(s *Spec, in *Integration, pos *positions, add func(Instance), before []Instance) []resources.Addr {
	inv := in.Inventory
	if inv == nil || in.PCCE == nil {
		return nil
	}
	at := pos.key(SourceInventory)
	check := func(name string) resources.Addr {
		return resources.Addr{Kind: KindCheck, Name: name, Host: PCCEHost}
	}
	mrds, appInst := check(NameCheckMRDs), check(NameCheckAppInst)
	for _, c := range []resources.Addr{mrds, appInst} {
		add(Instance{Addr: c, Source: SourceInventory, Pos: at, PCCE: in.PCCE,
			Check: &CheckInst{Name: c.Name, ApplicationInstance: inv.ApplicationInstance}})
	}
	var machines []resources.Addr
	for _, h := range hostsWithRole(s, RoleECEData) {
		a := resources.Addr{Kind: KindMachine, Name: DataMachineName(h.Name), Host: PCCEHost}
		machines = append(machines, a)
		add(Instance{Addr: a, DependsOn: sortAddrs([]resources.Addr{mrds, appInst}), Source: SourceInventory, Pos: at, PCCE: in.PCCE,
			Machine: &MachineInst{Type: "ECE", Name: h.Name, HostName: h.FQDN, CSVFile: inv.CSVFile}})
	}
	webDeps := []resources.Addr{mrds, appInst}
	for _, b := range before {
		switch b.Addr.Kind {
		case KindService, KindSpogConfig, KindIISBinding:
			webDeps = append(webDeps, b.Addr)
		}
	}
	web := resources.Addr{Kind: KindMachine, Name: NameWebMachine, Host: PCCEHost}
	machines = append(machines, web)
	add(Instance{Addr: web, DependsOn: sortAddrs(webDeps), Source: SourceInventory, Pos: at, PCCE: in.PCCE,
		Machine: &MachineInst{Type: "ECE_WEB_SERVER", Name: webMachineName(in.ECE.FQDN), HostName: in.ECE.FQDN,
			PartitionAdmin: inv.PartitionAdmin, ApplicationInstance: inv.ApplicationInstance, CSVFile: inv.CSVFile}})
	status := check(NameCheckInvStatus)
	add(Instance{Addr: status, DependsOn: sortAddrs(slices.Clone(machines)), Subscribes: sortAddrs(slices.Clone(machines)),
		Source: SourceInventory, Pos: at, PCCE: in.PCCE, Check: &CheckInst{Name: status.Name, StatusWait: inv.StatusWait}})
	// The irreversible integration waits for PCCE to have validated the
	// machines as well.
	return append(machines, status)
}
