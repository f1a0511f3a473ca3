package wire

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/resources/check"
	"github.com/ecereconcile/ecereconcile/pkg/resources/inventory"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// lazyPCCE is the Unified Config client of a spec, made on first use: the
// password is resolved and the CA bundle read only when a PCCE resource
// reads or applies (validate and graph never need them).
type lazyPCCE struct {
	cfg  *spec.PCCE
	env  Env
	once sync.Once
	c    *pcce.Client
	err  error
}

var (
	_ inventory.Client = (*lazyPCCE)(nil)
	_ check.Client     = (*lazyPCCE)(nil)
)

func (l *lazyPCCE) client() (*pcce.Client, error) {
	l.once.Do(func() {
		pw, err := l.cfg.Password.Resolve(l.env.LookupEnv)
		if err != nil {
			l.err = fmt.Errorf("pcce: %w", err)
			return
		}
		pem, err := os.ReadFile(l.cfg.CACertificate)
		if err != nil {
			l.err = fmt.Errorf("pcce: CA bundle: %w", err)
			return
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			l.err = fmt.Errorf("pcce: CA bundle %s holds no PEM certificate", l.cfg.CACertificate)
			return
		}
		l.c, l.err = pcce.New(pcce.Config{BaseURL: l.cfg.URL, User: l.cfg.User, Password: string(pw), RootCAs: pool,
			Timeout: time.Duration(l.cfg.RequestTimeout)})
	})
	return l.c, l.err
}

func (l *lazyPCCE) FindMachine(ctx context.Context, t pcce.MachineType, hostName string) (pcce.Machine, bool, error) {
	c, err := l.client()
	if err != nil {
		return pcce.Machine{}, false, err
	}
	return c.FindMachine(ctx, t, hostName)
}

func (l *lazyPCCE) CreateMachine(ctx context.Context, m pcce.Machine) (string, error) {
	c, err := l.client()
	if err != nil {
		return "", err
	}
	return c.CreateMachine(ctx, m)
}

func (l *lazyPCCE) UpdateMachine(ctx context.Context, m pcce.Machine) error {
	c, err := l.client()
	if err != nil {
		return err
	}
	return c.UpdateMachine(ctx, m)
}

func (l *lazyPCCE) ListMRDs(ctx context.Context) ([]pcce.MRD, error) {
	c, err := l.client()
	if err != nil {
		return nil, err
	}
	return c.ListMRDs(ctx)
}

func (l *lazyPCCE) ListApplicationInstances(ctx context.Context) ([]pcce.ApplicationInstance, error) {
	c, err := l.client()
	if err != nil {
		return nil, err
	}
	return c.ListApplicationInstances(ctx)
}

func (l *lazyPCCE) MachineStatus(ctx context.Context) (pcce.MachineStatus, error) {
	c, err := l.client()
	if err != nil {
		return pcce.MachineStatus{}, err
	}
	return c.MachineStatus(ctx)
}

// buildPCCE builds the PCCE-wide kinds (Addr.Host is spec.PCCEHost).
func buildPCCE(in spec.Instance, sp *spec.Spec, clients map[*spec.PCCE]*lazyPCCE, env Env) (resources.Resource, error) {
	cl, ok := clients[in.PCCE]
	if !ok {
		cl = &lazyPCCE{cfg: in.PCCE, env: env}
		clients[in.PCCE] = cl
	}
	if ci := in.Check; ci != nil {
		kind, err := check.ParseCheck(ci.Name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Addr, err)
		}
		c := check.Config{Addr: in.Addr, DependsOn: in.DependsOn, Check: kind, Client: cl, Machines: in.Subscribes,
			AppInstance: ci.ApplicationInstance}
		if w := ci.StatusWait.D(); w > 0 {
			c.Interval = w / check.DefaultPolls
		}
		return check.New(c), nil
	}
	m := in.Machine
	return inventory.New(inventory.Config{
		Addr:        in.Addr,
		DependsOn:   in.DependsOn,
		Client:      cl,
		Type:        pcce.MachineType(m.Type),
		Name:        m.Name,
		HostName:    m.HostName,
		User:        m.PartitionAdmin.User,
		Password:    m.PartitionAdmin.Password,
		AppInstance: m.ApplicationInstance,
		LookupEnv:   env.LookupEnv,
		StateDir:    sp.Metadata.StateDir,
		CSVFile:     m.CSVFile,
		Now:         env.Now,
	}), nil
}
