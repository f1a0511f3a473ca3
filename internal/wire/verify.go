package wire

import (
	"cmp"
	"context"
	"net"
	"slices"
	"strconv"

	"github.com/ecereconcile/ecereconcile/internal/verify"
	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/ldapverify"
	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// VerifyTarget builds what `ecereconcile verify` examines from a loaded
// spec, with the same transports, PCCE client, ECE admin backend and LDAP
// verification as the resources: web servers of lab hosts are read through
// their Windows operations (what IIS would present), the others dialled
// with TLS on the https port. Nothing is read or dialled until
// verify.Run asks.
func VerifyTarget(sp *spec.Spec, env Env) (verify.Target, error) {
	servers, err := hosts(sp, env)
	if err != nil {
		return verify.Target{}, err
	}
	t := verify.Target{Environment: sp.Metadata.Name, SpecFile: sp.File, Port: 443}
	in := sp.Integration
	if in == nil {
		in = &spec.Integration{}
	}
	t.FQDN = in.ECE.FQDN
	site := winops.DefaultSite
	if b := in.IISBinding; b != nil {
		if b.Port != 0 {
			t.Port = b.Port
		}
		if b.Site != "" {
			site = b.Site
		}
	}
	addrs := verifyAddrs(sp)
	for _, h := range sp.Hosts {
		s := servers[h.Name]
		if slices.Contains(h.Roles, spec.RoleECEWeb) {
			w := verify.WebServer{Name: h.Name, FQDN: h.FQDN,
				CertificateResource: addrs.cert[h.Name], BindingResource: addrs.binding[h.Name]}
			if h.Connection.Type == spec.ConnLab {
				w.Presenter = verify.IISPresenter{Host: h.Name, Ops: s.windows, Site: site, Port: t.Port}
			} else {
				w.Presenter = verify.TLSPresenter{Addr: net.JoinHostPort(cmp.Or(h.FQDN, h.Name), strconv.Itoa(t.Port))}
			}
			t.WebServers = append(t.WebServers, w)
		}
		if slices.Contains(h.Roles, spec.RoleECEApp) || slices.Contains(h.Roles, spec.RoleECEData) {
			t.ECEServers = append(t.ECEServers, verify.ECEServer{Name: h.Name, Roles: h.Roles, Services: s})
		}
		if at := in.ADSTrust; at != nil && slices.Contains(h.Roles, spec.RolePCCEADS) {
			t.Truststores = append(t.Truststores, verify.Truststore{
				Host: h.Name, Path: at.Truststore.Path, Resource: addrs.adsStore[h.Name], Restart: at.RestartService,
				Trusted: trustedCerts(s, at.Truststore, env),
			})
		}
	}
	if ps := in.PartitionSSO; ps != nil {
		t.LDAP = &verify.LDAP{Resource: addrs.sso, Verify: verifyLDAP(sp, ps, servers, env, addrs)}
	}
	if in.PCCE != nil {
		t.PCCE = &lazyPCCE{cfg: in.PCCE, env: env}
		t.WebInventoryResource, t.InventoryResources = addrs.webMachine, addrs.machines
	}
	switch {
	case in.UCCEIntegration != nil:
		t.ApplicationInstance = in.UCCEIntegration.ApplicationInstance
	case in.Inventory != nil:
		t.ApplicationInstance = in.Inventory.ApplicationInstance
	}
	if in.ECEAdmin != nil {
		backends := &eceBackends{env: env, servers: servers, stateDir: sp.Metadata.StateDir, open: map[string]eceadmin.Backend{}}
		be, err := backends.get(in.ECEAdmin)
		if err != nil {
			return verify.Target{}, err
		}
		t.ECEAdmin = be
		t.UCCEResource = addrs.ucce
	}
	return t, nil
}

// ListMachines lists PCCE's inventory (verify reads the ECE machines).
func (l *lazyPCCE) ListMachines(ctx context.Context, q string) ([]pcce.Machine, error) {
	c, err := l.client()
	if err != nil {
		return nil, err
	}
	return c.ListMachines(ctx, q)
}

var _ verify.PCCE = (*lazyPCCE)(nil)

// verifyResources are the addresses of the resources verify's fixes name.
type verifyResources struct {
	cert, binding, adsStore, adKeystores map[string]string
	sso, ucce, webMachine                string
	machines                             []string
}

func verifyAddrs(sp *spec.Spec) verifyResources {
	v := verifyResources{cert: map[string]string{}, binding: map[string]string{}, adsStore: map[string]string{}, adKeystores: map[string]string{}}
	for _, in := range sp.Instances() {
		a, h := in.Addr.String(), in.Addr.Host
		switch {
		case in.Certificate != nil:
			v.cert[h] = a
		case in.IISBinding != nil:
			v.binding[h] = a
		case in.Keystore != nil && in.Source == spec.SourceADSTrust:
			v.adsStore[h] = a
		case in.Keystore != nil && in.Source == spec.SourceActiveDirectory:
			v.adKeystores[h] = a
		case in.PartitionSSO != nil:
			v.sso = a
		case in.UCCEIntegration != nil:
			v.ucce = a
		case in.Machine != nil:
			v.machines = append(v.machines, a)
			if in.Machine.Type == string(pcce.TypeECEWebServer) {
				v.webMachine = a
			}
		}
	}
	return v
}

// trustedCerts reads the trusted entries of an ADS truststore.
func trustedCerts(h host.Host, store spec.KeystoreStore, env Env) func(context.Context) ([]verify.TrustedCert, error) {
	return func(ctx context.Context) ([]verify.TrustedCert, error) {
		entries, err := readTrusted(ctx, h, store.Path, store, env)
		if err != nil {
			return nil, err
		}
		out := make([]verify.TrustedCert, len(entries))
		for i, e := range entries {
			out[i] = verify.TrustedCert{Alias: e.Alias, Cert: e.Cert}
		}
		return out, nil
	}
}

// verifyLDAP is the partition SSO's verification (ldapVerifier) as verify
// reports it, with the remedy of its failure code.
func verifyLDAP(sp *spec.Spec, ps *spec.PartitionSSO, servers map[string]*server, env Env, addrs verifyResources) func(context.Context) verify.LDAPOutcome {
	run := ldapVerifier(sp, ps, servers, env)
	return func(ctx context.Context) verify.LDAPOutcome {
		res := run(ctx)
		o := verify.LDAPOutcome{OK: res.OK, Code: res.Code, Detail: res.Detail, Steps: res.Steps}
		var code ldapverify.FailureCode
		if code.UnmarshalText([]byte(res.Code)) == nil {
			o.Remedy = code.Remedy()
		}
		switch res.Code {
		case "KeystoreUnreadable":
			o.Remedy = "the keystore of step 2.1 must exist on every ECE app server and hold the Active Directory certificate"
			for _, h := range sp.Hosts {
				if a := addrs.adKeystores[h.Name]; a != "" {
					o.FixResources = append(o.FixResources, a)
				}
			}
		case "PasswordUnavailable":
			o.CouldNotRun = true
			o.Remedy = "make the partition SSO password's reference (environment variable or file) available to this run"
		case ldapverify.Unreachable.String(), ldapverify.Timeout.String():
			// From here; ECE's app servers may well reach it.
			o.CouldNotRun = true
		}
		return o
	}
}
