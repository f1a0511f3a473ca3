package verify

import (
	"context"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/resources/check"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// serviceFact is Cisco Service on one server.
type serviceFact = host.ServiceStatus

// pcceFacts are what PCCE says.
type pcceFacts struct {
	// machines are the ECE machines of the inventory.
	machines outcome[[]pcce.Machine]
	status   outcome[statusFact]
	mrds     outcome[mrdFact]
}

// statusFact is the inventory_status check resource's verdict.
type statusFact struct {
	// alerts are the ECE machines' alerts, one sentence each.
	alerts []string
	// warnings are about other machines.
	warnings []string
}

// mrdFact are PCCE's MRDs and its application instances' names by refURL.
type mrdFact struct {
	mrds      []pcce.MRD
	instances map[string]string
}

// adminFact is one section of ECE's admin settings.
type adminFact struct {
	backend  string
	observed eceadmin.Observed
}

// eceMachineTypes are the inventory types of ECE machines.
var eceMachineTypes = []pcce.MachineType{pcce.TypeECE, pcce.TypeECEWebServer, pcce.TypeDCECEWebServer}

// ServiceName is the ECE Windows service the troubleshooting section says
// must run on every ECE server except the web servers.
const ServiceName = "Cisco Service"

// gather starts every read of t, then waits for all of them (or the
// deadline).
func (g *gatherer) gather(t Target) *facts {
	type webFutures struct {
		with, without *future[Presentation]
		bindings      *future[[]winops.Binding]
	}
	web := map[string]webFutures{}
	for _, w := range t.WebServers {
		p := w.Presenter
		wf := webFutures{
			with:    fetch(g, func(ctx context.Context) (Presentation, error) { return p.Present(ctx, t.FQDN) }),
			without: fetch(g, func(ctx context.Context) (Presentation, error) { return p.Present(ctx, "") }),
		}
		if br, ok := p.(BindingReader); ok {
			wf.bindings = fetch(g, br.HTTPSBindings)
		}
		web[w.Name] = wf
	}
	stores := map[string]*future[[]TrustedCert]{}
	for _, s := range t.Truststores {
		stores[s.Host] = fetch(g, s.Trusted)
	}
	services := map[string]*future[serviceFact]{}
	for _, s := range t.ECEServers {
		svc := s.Services
		services[s.Name] = fetch(g, func(ctx context.Context) (serviceFact, error) { return svc.ServiceStatus(ctx, ServiceName) })
	}
	var ldap *future[LDAPOutcome]
	if t.LDAP != nil {
		v := t.LDAP.Verify
		ldap = fetch(g, func(ctx context.Context) (LDAPOutcome, error) { return v(ctx), nil })
	}
	var ssoSaved *future[*bool]
	var ucce *future[adminFact]
	if a := t.ECEAdmin; a != nil {
		ssoSaved = fetch(g, func(ctx context.Context) (*bool, error) {
			o, err := a.Read(ctx, eceadmin.PartitionSSO)
			if err != nil || !o.Known {
				return nil, err
			}
			saved := !o.SavedAt.IsZero()
			return &saved, nil
		})
		ucce = fetch(g, func(ctx context.Context) (adminFact, error) {
			o, err := a.Read(ctx, eceadmin.UCCEIntegration)
			return adminFact{backend: a.Name(), observed: o}, err
		})
	}
	var machines *future[[]pcce.Machine]
	var status *future[statusFact]
	var mrds *future[mrdFact]
	if p := t.PCCE; p != nil {
		machines = fetch(g, func(ctx context.Context) ([]pcce.Machine, error) {
			return p.ListMachines(ctx, pcce.TypesQuery(eceMachineTypes...))
		})
		status = fetch(g, func(ctx context.Context) (statusFact, error) { return readStatus(ctx, p) })
		mrds = fetch(g, func(ctx context.Context) (mrdFact, error) { return readMRDs(ctx, p) })
	}

	f := &facts{
		web:      map[string]webFacts{},
		stores:   map[string]outcome[[]TrustedCert]{},
		services: map[string]outcome[serviceFact]{},
	}
	for name, wf := range web {
		x := webFacts{withSNI: wf.with.wait(g), withoutSNI: wf.without.wait(g)}
		if wf.bindings != nil {
			x.bindings, x.bindingsKnown = wf.bindings.wait(g), true
		}
		f.web[name] = x
	}
	for name, s := range stores {
		f.stores[name] = s.wait(g)
	}
	for name, s := range services {
		f.services[name] = s.wait(g)
	}
	f.ldap = ldap.wait(g)
	f.ssoSaved = ssoSaved.wait(g)
	f.ucce = ucce.wait(g)
	f.pcce = pcceFacts{machines: machines.wait(g), status: status.wait(g), mrds: mrds.wait(g)}
	return f
}

// readStatus reads PCCE's inventory status through the inventory_status
// check resource and keeps its verdict: the same alerts apply would stop on.
func readStatus(ctx context.Context, p PCCE) (statusFact, error) {
	r := check.New(check.Config{
		Addr:  resources.Addr{Kind: check.Kind, Name: check.InventoryStatus.String()},
		Check: check.InventoryStatus, Client: p,
	})
	st, err := r.Read(ctx)
	if err != nil {
		return statusFact{}, err
	}
	f := statusFact{warnings: st.Warnings}
	ch, err := r.Plan(resources.PlanInput{Current: st})
	if err != nil {
		for _, rs := range ch.Reasons {
			f.alerts = append(f.alerts, rs.Message)
		}
		if len(f.alerts) == 0 {
			f.alerts = []string{err.Error()}
		}
	}
	return f, nil
}

// readMRDs reads the MRDs and, when one refers to its application instance
// by refURL only, the instances' names.
func readMRDs(ctx context.Context, p PCCE) (mrdFact, error) {
	list, err := p.ListMRDs(ctx)
	if err != nil {
		return mrdFact{}, err
	}
	f := mrdFact{mrds: list, instances: map[string]string{}}
	for _, m := range list {
		if ref := m.ApplicationInstanceRef(); ref.Name == "" && ref.RefURL != "" {
			ais, err := p.ListApplicationInstances(ctx)
			if err != nil {
				return mrdFact{}, err
			}
			for _, a := range ais {
				f.instances[a.RefURL] = a.Name
			}
			break
		}
	}
	return f, nil
}
