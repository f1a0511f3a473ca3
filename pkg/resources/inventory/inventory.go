package inventory

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// Kind is the resource kind's name in addresses and specs.
const Kind = "inventory_machine"

// Client is the part of the Unified Config API the kind uses; *pcce.Client
// satisfies it.
type Client interface {
	FindMachine(ctx context.Context, t pcce.MachineType, hostName string) (pcce.Machine, bool, error)
	CreateMachine(ctx context.Context, m pcce.Machine) (string, error)
	UpdateMachine(ctx context.Context, m pcce.Machine) error
}

var _ Client = (*pcce.Client)(nil)

// Config is everything one inventory machine needs.
type Config struct {
	// Addr is inventory_machine.ece_web[pcce], inventory_machine.ece_data_a[pcce], ...
	Addr      resources.Addr
	DependsOn []resources.Addr
	Client    Client
	// Type is pcce.TypeECE (data/services server) or pcce.TypeECEWebServer
	// (pcce.TypeDCECEWebServer is treated as a web server).
	Type pcce.MachineType
	// Name is the inventory name: [A-Za-z0-9][A-Za-z0-9._-]*, at most 128.
	Name string
	// HostName is the FQDN (a web server must be given by FQDN, the name in
	// its certificate); compared after pcce.NormalizeHostName.
	HostName string
	// User, Password and AppInstance are the web server's Partition
	// Administrator login and application instance (case-sensitive).
	User        string
	Password    spec.SecretRef
	AppInstance string
	// LookupEnv resolves env: secrets; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// StateDir holds inventory.json (the keyed hash of the last password
	// sent, per address) and inventory.key (0600). Required for a web
	// server.
	StateDir string
	// CSVFile, when set, switches creates to the bulk CSV (4000/12000
	// agents): Apply writes this machine's row there and fails with
	// ErrBulkUploadPending.
	CSVFile string
	// Now stamps recorded hashes; nil means time.Now.
	Now func() time.Time
	// Rand draws the hash key on first use; nil means crypto/rand.
	Rand io.Reader
}

// Resource is one ECE machine in the PCCE inventory. It implements
// resources.Resource and resources.Describer.
type Resource struct {
	c      Config
	hashes *hashStore
}

var (
	_ resources.Resource  = (*Resource)(nil)
	_ resources.Describer = (*Resource)(nil)
)

// New returns the resource for c.
func New(c Config) *Resource {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Rand == nil {
		c.Rand = rand.Reader
	}
	if c.LookupEnv == nil {
		c.LookupEnv = os.LookupEnv
	}
	return &Resource{c: c, hashes: newHashStore(c.StateDir, c.Rand, c.Now)}
}

// Addr returns the resource's address.
func (r *Resource) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the resources this one depends on.
func (r *Resource) DependsOn() []resources.Addr { return r.c.DependsOn }

// Describe says which machine: "ECE_WEB_SERVER ece.example.com in the PCCE
// inventory".
func (r *Resource) Describe() string {
	s := fmt.Sprintf("%s %s in the PCCE inventory", r.c.Type, r.c.HostName)
	if r.c.CSVFile != "" {
		s += " (bulk CSV " + r.c.CSVFile + ")"
	}
	return s
}

// isWeb reports whether the machine carries PA credentials and an
// application instance.
func (r *Resource) isWeb() bool {
	return r.c.Type == pcce.TypeECEWebServer || r.c.Type == pcce.TypeDCECEWebServer
}

// password resolves the PA password. The error names the reference, never
// the value.
func (r *Resource) password() (string, error) {
	pw, err := r.c.Password.Resolve(r.c.LookupEnv)
	if err != nil {
		return "", fmt.Errorf("%s: partition administrator password: %w", r.c.Name, err)
	}
	return string(pw), nil
}

// desiredMachine is the machine a create sends.
func (r *Resource) desiredMachine(password string) pcce.Machine {
	if !r.isWeb() {
		return pcce.NewECEDataServer(r.c.Name, r.c.HostName)
	}
	m := pcce.NewECEWebServer(r.c.Name, r.c.HostName, r.c.User, pcce.Password(password), pcce.Ref{Name: r.c.AppInstance})
	m.Type = r.c.Type
	return m
}

// updatedMachine is the read machine with the desired values, for a PUT
// with its changeStamp. A web server's password is always sent, so the
// hash recorded afterwards is certainly PCCE's.
func (r *Resource) updatedMachine(read pcce.Machine, password string) pcce.Machine {
	m := read.Clone()
	m.Name = r.c.Name
	if r.isWeb() {
		m.SetCredentials(r.c.User, pcce.Password(password))
		m.SetApplicationInstance(pcce.Ref{Name: r.c.AppInstance})
	}
	return m
}
