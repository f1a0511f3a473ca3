package spec

import (
	"fmt"
	"strings"
)

const certMismatchHint = `SPOG refuses the ECE gadget with a certificate mismatch error ("the certificate common name or subject alternative name does not match") when the name it uses is not in the certificate; reissue the certificate or change ece.fqdn`

// validateIntegration checks the tech note's blocks.
func (v *validator) validateIntegration() {
	in := v.s.Integration
	const p = "integration"

	// ece: facts shared by the steps.
	fqdnOK := false
	if v.required(p+".ece.fqdn", in.ECE.FQDN, "the name users and SPOG use to reach ECE") {
		if problem := checkDNSName(in.ECE.FQDN); problem != "" {
			v.errAt(p+".ece.fqdn", problem, dnsHint)
		} else {
			fqdnOK = true
		}
	}
	webHosts := hostsWithRole(v.s, RoleECEWeb)
	if in.ECE.Home != "" {
		if problem, hint := checkServerPath(in.ECE.Home, webHosts); problem != "" {
			v.errAt(p+".ece.home", problem, hint)
		}
	} else if sc := in.SpogConfig; sc != nil && sc.Path == "" {
		v.required(p+".ece.home", "", `spogConfig.path defaults to {ece.home}\`+SpogConfigRelPath+`; give ece.home or spogConfig.path`)
	}
	if in.ECE.WebCertificate != "" {
		in.ECE.WebCert = v.cert(p+".ece.webCertificate", in.ECE.WebCertificate)
		if c := in.ECE.WebCert; c != nil && fqdnOK && !certNames(c, in.ECE.FQDN) {
			v.errAt(p+".ece.fqdn", fmt.Sprintf("%q is neither the CN nor a DNS SAN of %s (%s)",
				in.ECE.FQDN, in.ECE.WebCertificate, describeCert(c)), certMismatchHint)
		}
	}
	if in.WebCertificate != nil {
		v.validateWebCertificate(fqdnOK)
	}
	if in.IISBinding != nil {
		v.validateIISBinding()
	}
	v.checkADSTrustSource()
	v.validateECE()
	v.validatePCCE()

	if ad := in.ActiveDirectory; ad != nil {
		bp := SourceActiveDirectory
		hosts := v.needRole(bp, RoleECEApp)
		ad.Cert = v.cert(bp+".certificate", ad.Certificate)
		v.required(bp+".alias", ad.Alias, "the tech note uses mydomaincontroller")
		v.checkStore(bp+".keystore", ad.Keystore, hosts, true)
	}

	if sc := in.SpogConfig; sc != nil {
		bp := SourceSpogConfig
		hosts := v.needRole(bp, RoleECEWeb)
		if sc.Path != "" && v.pos.has(bp+".path") {
			if problem, hint := checkServerPath(sc.Path, hosts); problem != "" {
				v.errAt(bp+".path", problem, hint)
			}
		}
		v.checkProtocol(bp+".webServerProtocol", sc.WebServerProtocol)
		if v.pos.has(bp + ".webServerName") {
			if v.required(bp+".webServerName", sc.WebServerName, "") {
				if problem := checkDNSName(sc.WebServerName); problem != "" {
					v.errAt(bp+".webServerName", problem, dnsHint)
				} else {
					// Left out, it is ece.fqdn, checked against the
					// certificate above.
					v.checkWebServerName(bp+".webServerName", sc.WebServerName)
				}
			}
		}
	}

	if at := in.ADSTrust; at != nil {
		bp := SourceADSTrust
		hosts := v.needRole(bp, RolePCCEADS)
		v.checkStore(bp+".truststore", at.Truststore, hosts, false)
		v.checkEntries(bp+".certificates", at.Certificates)
		v.required(bp+".restartService", at.RestartService, "the Windows service to restart after a truststore change; leave the field out for Apache Tomcat")
	}
}

// needRole reports a block that no host would receive and returns the hosts
// that will.
func (v *validator) needRole(block, role string) []Host {
	hosts := hostsWithRole(v.s, role)
	if len(hosts) == 0 {
		v.blockErr(block, fmt.Sprintf("no host has role %s; this block applies to every %s host", role, role), "add the role to a host's roles")
	}
	return hosts
}

func (v *validator) checkProtocol(p, proto string) {
	if proto != "http" && proto != "https" {
		if v.required(p, proto, "want https or http") {
			v.errAt(p, fmt.Sprintf("%q is not a protocol; want https or http%s", proto, didYouMean(proto, []string{"https", "http"})), "")
		}
	}
}

// validateResources checks the low-level resources list.
func (v *validator) validateResources() {
	firstOf := map[string]*decl{}
	for _, d := range v.decls.list {
		if strings.HasPrefix(d.source, "integration.") {
			firstOf[d.String()] = d
		}
	}
	for i := range v.s.Resources {
		r := &v.s.Resources[i]
		kind, c := r.kindCommon()
		if c == nil {
			continue
		}
		p := fmt.Sprintf("resources[%d].%s", i, kind)
		v.checkCommon(p, kind, c, firstOf)
		hosts := hostsNamed(v.s, c.Hosts)
		switch kind {
		case KindKeystore:
			v.checkStore(p, r.Keystore.KeystoreStore, hosts, true)
			v.requiredList(p+".entries", len(r.Keystore.Entries), "entry", "")
			v.checkEntries(p+".entries", r.Keystore.Entries)
		case KindSpogConfig:
			sc := r.SpogConfig
			if v.required(p+".path", sc.Path, "") {
				if problem, hint := checkServerPath(sc.Path, hosts); problem != "" {
					v.errAt(p+".path", problem, hint)
				}
			}
			v.checkProtocol(p+".webServerProtocol", sc.WebServerProtocol)
			if v.required(p+".webServerName", sc.WebServerName, "") {
				if problem := checkDNSName(sc.WebServerName); problem != "" {
					v.errAt(p+".webServerName", problem, dnsHint)
				}
			}
		case KindService:
			v.required(p+".service", r.Service.Service, "the Windows service name, e.g. Apache Tomcat")
			v.checkRestartOn(p, r.Service)
		}
	}
}

// checkCommon validates name, hosts and dependsOn of a resources item.
func (v *validator) checkCommon(p, kind string, c *Common, firstOf map[string]*decl) {
	if v.required(p+".name", c.Name, "") {
		key := kind + "." + c.Name
		switch first, dup := firstOf[key]; {
		case !resourceName.MatchString(c.Name):
			v.errAt(p+".name", fmt.Sprintf("%q is not a valid resource name", c.Name),
				"lowercase letters, digits and _; the name is the middle of an address such as keystore.extra_trust[ads-a]")
		case dup && strings.HasPrefix(first.source, "integration."):
			v.errAt(p+".name", fmt.Sprintf("%s is already declared by %s", key, first.source), "choose another name")
		case dup:
			v.errAt(p+".name", fmt.Sprintf("%s is already declared at %s (line %d)", key, first.source, first.pos.Line), "")
		default:
			firstOf[key] = &decl{kind: kind, name: c.Name, source: p, pos: v.pos.key(p)}
		}
	}
	v.requiredList(p+".hosts", len(c.Hosts), "host", "")
	var names []string
	for _, h := range v.s.Hosts {
		names = append(names, h.Name)
	}
	for j, h := range c.Hosts {
		hp := fmt.Sprintf("%s.hosts[%d]", p, j)
		if _, ok := v.s.Host(h); !ok {
			v.errAt(hp, fmt.Sprintf("unknown host %q%s", h, didYouMean(h, names)), "")
		} else if k := indexOf(c.Hosts, h); k < j {
			v.errAt(hp, fmt.Sprintf("host %q is listed twice", h), "")
		}
	}
	for j, ref := range c.DependsOn {
		v.checkRef(fmt.Sprintf("%s.dependsOn[%d]", p, j), ref, true)
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// checkRef checks that ref names a declared resource (and, with [host], one
// of its instances). It returns the declaration when it does.
func (v *validator) checkRef(p, ref string, allowHost bool) *decl {
	a, problem := parseRef(ref)
	if problem != "" {
		v.errAt(p, problem, "kinds: "+strings.Join(Kinds, ", "))
		return nil
	}
	if a.Host != "" && !allowHost {
		v.errAt(p, fmt.Sprintf("%q names an instance; write %s.%s", ref, a.Kind, a.Name),
			"restartOn means the instance on the same host as the service")
		return nil
	}
	d, ok := v.decls.get(a.Kind, a.Name)
	if !ok {
		v.errAt(p, fmt.Sprintf("%s.%s does not exist%s", a.Kind, a.Name, didYouMean(a.Name, v.decls.names(a.Kind))), "")
		return nil
	}
	if a.Host != "" && indexOf(d.hosts, a.Host) < 0 {
		v.errAt(p, fmt.Sprintf("%s does not exist: %s is not on host %s (hosts: %s)", ref, d, a.Host, strings.Join(d.hosts, ", ")), "")
		return nil
	}
	return d
}

// checkRestartOn checks a service's subscriptions: each names a resource
// with an instance on every host of the service.
func (v *validator) checkRestartOn(p string, svc *ServiceDecl) {
	v.requiredList(p+".restartOn", len(svc.RestartOn), "resource", "the resources whose change restarts the service, e.g. keystore.extra_trust")
	for j, ref := range svc.RestartOn {
		rp := fmt.Sprintf("%s.restartOn[%d]", p, j)
		d := v.checkRef(rp, ref, false)
		if d == nil {
			continue
		}
		var missing []string
		for _, h := range svc.Hosts {
			if _, known := v.s.Host(h); known && indexOf(d.hosts, h) < 0 {
				missing = append(missing, h)
			}
		}
		if len(missing) > 0 {
			v.errAt(rp, fmt.Sprintf("%s has no instance on %s, where this service runs", d, strings.Join(missing, ", ")),
				"restartOn means the instance on the same host; run the service only where the resource is")
		}
	}
}
