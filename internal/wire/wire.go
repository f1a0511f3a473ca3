package wire

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/host/lab"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/resources/certificate"
	"github.com/ecereconcile/ecereconcile/pkg/resources/iisbinding"
	"github.com/ecereconcile/ecereconcile/pkg/resources/keystore"
	"github.com/ecereconcile/ecereconcile/pkg/resources/service"
	"github.com/ecereconcile/ecereconcile/pkg/resources/spogconfig"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
	"github.com/ecereconcile/ecereconcile/pkg/winops/labwin"
)

// Env is what the resources get from the outside world.
type Env struct {
	Now       func() time.Time
	LookupEnv func(string) (string, bool)
	// LabLatency is added to every lab host call (benchmarks); zero in normal use.
	LabLatency time.Duration
	// ConfirmManual hands an operator task of the manual ECE backend to the
	// operator (the CLI renders it and asks, or --confirm-manual); nil
	// refuses every task.
	ConfirmManual func(ctx context.Context, t eceadmin.Task) (who string, err error)
}

// server is one host of the spec: its files and services, and its Windows
// operations (nil with windowsErr set when the transport has none).
type server struct {
	host.Host
	windows    winops.Ops
	windowsErr error
}

// hosts opens the transports of every host of the spec.
func hosts(sp *spec.Spec, env Env) (map[string]*server, error) {
	out := make(map[string]*server, len(sp.Hosts))
	for _, h := range sp.Hosts {
		s, err := open(sp, h, env)
		if err != nil {
			return nil, fmt.Errorf("host %s: %w", h.Name, err)
		}
		out[h.Name] = s
	}
	return out, nil
}

func open(sp *spec.Spec, h spec.Host, env Env) (*server, error) {
	switch h.Connection.Type {
	case spec.ConnLocal:
		return openLocal(h)
	case spec.ConnWinRM:
		return openWinRM(h, env)
	case spec.ConnLab:
		root := h.Connection.Root
		if !filepath.IsAbs(root) {
			root = filepath.Join(sp.Dir, root)
		}
		opts := []lab.Option{lab.WithClock(env.Now)}
		wopts := []labwin.Option{labwin.WithClock(env.Now)}
		if env.LabLatency > 0 {
			opts = append(opts, lab.WithLatency(env.LabLatency))
			wopts = append(wopts, labwin.WithLatency(env.LabLatency))
		}
		return &server{Host: lab.New(h.Name, root, opts...), windows: labwin.New(root, wopts...)}, nil
	}
	return nil, fmt.Errorf("unknown connection type %q", h.Connection.Type)
}

// Resources builds one resource per instance of the spec.
func Resources(sp *spec.Spec, env Env) ([]resources.Resource, error) {
	servers, err := hosts(sp, env)
	if err != nil {
		return nil, err
	}
	backends := &eceBackends{env: env, servers: servers, stateDir: sp.Metadata.StateDir, open: map[string]eceadmin.Backend{}}
	clients := map[*spec.PCCE]*lazyPCCE{}
	var out []resources.Resource
	for _, in := range sp.Instances() {
		if in.Addr.Host == spec.PCCEHost {
			r, err := buildPCCE(in, sp, clients, env)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
			continue
		}
		if in.Addr.Host == spec.ECEHost {
			r, err := buildECE(in, sp, backends, env)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
			continue
		}
		s, ok := servers[in.Addr.Host]
		if !ok {
			return nil, fmt.Errorf("%s: unknown host %q", in.Addr, in.Addr.Host)
		}
		r, err := build(in, s, servers, env)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func build(in spec.Instance, s *server, servers map[string]*server, env Env) (resources.Resource, error) {
	switch {
	case in.Keystore != nil:
		return keystore.New(keystore.Config{
			Addr:         in.Addr,
			DependsOn:    in.DependsOn,
			Host:         s.Host,
			Store:        in.Keystore.KeystoreStore,
			Entries:      in.Keystore.Entries,
			FromUpstream: in.TrustFrom,
			Now:          env.Now,
			LookupEnv:    env.LookupEnv,
		}), nil
	case in.SpogConfig != nil:
		return spogconfig.New(spogconfig.Config{
			Addr:       in.Addr,
			DependsOn:  in.DependsOn,
			Host:       s.Host,
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
			Host:       s.Host,
			Service:    in.Service.Service,
		}), nil
	case in.Certificate != nil:
		ops, err := s.windowsOps(in.Addr)
		if err != nil {
			return nil, err
		}
		c := certificate.Config{
			Addr:      in.Addr,
			DependsOn: in.DependsOn,
			Ops:       ops,
			Inst:      *in.Certificate,
			LookupEnv: env.LookupEnv,
			ReadFile:  os.ReadFile,
			WriteCSR:  func(path string, pem []byte) error { return atomicfile.WriteFile(path, pem, 0o644) },
			Now:       env.Now,
		}
		if iss := in.Certificate.Issuer; iss != (resources.Addr{}) {
			if c.IssuerOps, err = servers[iss.Host].windowsOps(iss); err != nil {
				return nil, err
			}
		}
		return certificate.New(c), nil
	case in.IISBinding != nil:
		ops, err := s.windowsOps(in.Addr)
		if err != nil {
			return nil, err
		}
		return iisbinding.New(iisbinding.Config{
			Addr:        in.Addr,
			DependsOn:   in.DependsOn,
			Ops:         ops,
			Site:        in.IISBinding.Site,
			Port:        in.IISBinding.Port,
			Certificate: in.IISBinding.Certificate,
		}), nil
	}
	return nil, fmt.Errorf("%s: instance has no kind", in.Addr)
}

// windowsOps returns the host's Windows operations for a resource that
// needs them.
func (s *server) windowsOps(addr resources.Addr) (winops.Ops, error) {
	if s.windows == nil {
		return nil, fmt.Errorf("%s: %w", addr, s.windowsErr)
	}
	return s.windows, nil
}
