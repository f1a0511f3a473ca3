package wire

import (
	"context"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/resources/ece"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// eceBackends opens one ECE admin backend per spec (they share state: the
// manual backend's attestations, the lab's store).
type eceBackends struct {
	env      Env
	servers  map[string]*server
	stateDir string
	open     map[string]eceadmin.Backend
}

func (b *eceBackends) get(a *spec.ECEAdmin) (eceadmin.Backend, error) {
	if a == nil {
		return nil, fmt.Errorf("no eceAdmin backend")
	}
	key := a.Backend + "\x00" + a.Root
	if be, ok := b.open[key]; ok {
		return be, nil
	}
	var be eceadmin.Backend
	switch a.Backend {
	case spec.ECEAdminLab:
		be = eceadmin.NewLab(a.Root, eceadmin.LabClock(b.env.Now))
	case spec.ECEAdminManual:
		confirm := b.env.ConfirmManual
		if confirm == nil {
			confirm = func(context.Context, eceadmin.Task) (string, error) {
				return "", fmt.Errorf("the manual ECE backend needs an operator: run apply on a terminal or with --confirm-manual")
			}
		}
		be = eceadmin.NewManual(eceadmin.ManualConfig{StateDir: b.stateDir, Confirm: confirm, Now: b.env.Now})
	default:
		return nil, fmt.Errorf("unknown ECE admin backend %q", a.Backend)
	}
	b.open[key] = be
	return be, nil
}

// buildECE builds the ECE-wide kinds (Addr.Host is spec.ECEHost).
func buildECE(in spec.Instance, sp *spec.Spec, backends *eceBackends, env Env) (resources.Resource, error) {
	be, err := backends.get(in.ECEAdmin)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Addr, err)
	}
	switch {
	case in.PartitionSSO != nil:
		ps := in.PartitionSSO
		return ece.NewPartitionSSO(ece.PartitionSSOConfig{
			Addr:      in.Addr,
			DependsOn: in.DependsOn,
			Backend:   be,
			Settings: ece.SSOSettings{
				URL:          ps.URL,
				DNAttribute:  ps.DNAttribute,
				Base:         ps.Base,
				SearchDN:     ps.SearchDN,
				Password:     ps.Password,
				SSLEnabled:   ps.SSLEnabled == nil || *ps.SSLEnabled,
				KeystorePath: ps.KeystorePath,
			},
			Verify:    ldapVerifier(sp, ps, backends.servers, env),
			Analyze:   analyzeLDAP,
			LookupEnv: env.LookupEnv,
		}), nil
	case in.TraceLevel != nil:
		t := in.TraceLevel
		return ece.NewTraceLevel(ece.TraceLevelConfig{
			Addr:        in.Addr,
			DependsOn:   in.DependsOn,
			Backend:     be,
			Process:     t.Process,
			Level:       eceadmin.TraceLevel(t.Level),
			MaxDuration: t.MaxDuration.D(),
			Now:         env.Now,
		}), nil
	case in.UCCEIntegration != nil:
		u := in.UCCEIntegration
		return ece.NewUCCEIntegration(ece.UCCEIntegrationConfig{
			Addr:      in.Addr,
			DependsOn: in.DependsOn,
			Backend:   be,
			Settings: ece.UCCESettings{
				AWDBServer:          u.AWDB.Server,
				AWDBPort:            u.AWDB.Port,
				AWDBDatabase:        u.AWDB.Database,
				AWDBUser:            u.AWDB.User,
				AWDBPassword:        u.AWDB.Password,
				ApplicationInstance: u.ApplicationInstance,
				AgentPGs:            u.AgentPGs,
			},
			LookupEnv: env.LookupEnv,
		}), nil
	}
	return nil, fmt.Errorf("%s: instance has no kind", in.Addr)
}
