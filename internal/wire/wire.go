package wire

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/host/lab"
	"github.com/ecereconcile/ecereconcile/pkg/host/local"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/resources/keystore"
	"github.com/ecereconcile/ecereconcile/pkg/resources/service"
	"github.com/ecereconcile/ecereconcile/pkg/resources/spogconfig"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// Env is what the resources get from the outside world.
type Env struct {
	Now       func() time.Time
	LookupEnv func(string) (string, bool)
	// LabLatency is added to every lab host call (benchmarks); zero in normal use.
	LabLatency time.Duration
}

// Hosts opens a transport for each host of the spec.
func Hosts(sp *spec.Spec, env Env) (map[string]host.Host, error) {
	hosts := make(map[string]host.Host, len(sp.Hosts))
	for _, h := range sp.Hosts {
		switch h.Connection.Type {
		case spec.ConnLocal:
			hosts[h.Name] = local.New(h.Name)
		case spec.ConnLab:
			root := h.Connection.Root
			if !filepath.IsAbs(root) {
				root = filepath.Join(sp.Dir, root)
			}
			opts := []lab.Option{lab.WithClock(env.Now)}
			if env.LabLatency > 0 {
				opts = append(opts, lab.WithLatency(env.LabLatency))
			}
			hosts[h.Name] = lab.New(h.Name, root, opts...)
		default:
			return nil, fmt.Errorf("host %s: unknown connection type %q", h.Name, h.Connection.Type)
		}
	}
	return hosts, nil
}

// Resources builds one resource per instance of the spec.
func Resources(sp *spec.Spec, env Env) ([]resources.Resource, error) {
	hosts, err := Hosts(sp, env)
	if err != nil {
		return nil, err
	}
	var out []resources.Resource
	for _, in := range sp.Instances() {
		h, ok := hosts[in.Addr.Host]
		if !ok {
			return nil, fmt.Errorf("%s: unknown host %q", in.Addr, in.Addr.Host)
		}
		r, err := build(in, h, env)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func build(in spec.Instance, h host.Host, env Env) (resources.Resource, error) {
	switch {
	case in.Keystore != nil:
		return keystore.New(keystore.Config{
			Addr:      in.Addr,
			DependsOn: in.DependsOn,
			Host:      h,
			Store:     in.Keystore.KeystoreStore,
			Entries:   in.Keystore.Entries,
			Now:       env.Now,
			LookupEnv: env.LookupEnv,
		}), nil
	case in.SpogConfig != nil:
		return spogconfig.New(spogconfig.Config{
			Addr:       in.Addr,
			DependsOn:  in.DependsOn,
			Host:       h,
			Path:       in.SpogConfig.Path,
			Protocol:   in.SpogConfig.WebServerProtocol,
			ServerName: in.SpogConfig.WebServerName,
			Now:        env.Now,
		}), nil
	case in.Service != nil:
		return service.New(service.Config{
			Addr:       in.Addr,
			DependsOn:  in.DependsOn,
			Subscribes: in.Subscribes,
			Host:       h,
			Service:    in.Service.Service,
		}), nil
	}
	return nil, fmt.Errorf("%s: instance has no kind", in.Addr)
}
