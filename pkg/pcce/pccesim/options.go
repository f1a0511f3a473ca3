package pccesim

import (
	"crypto/tls"
	"math/rand/v2"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// Defaults of Options.
const (
	DefaultAddr                = "127.0.0.1:0"
	DefaultUser                = "administrator"
	DefaultDomain              = "example.com"
	DefaultApplicationInstance = "MultiChannel"
)

// Options configure a simulator.
type Options struct {
	// Addr to listen on (default 127.0.0.1:0, a free port).
	Addr string
	// User and Password are the only Basic credentials accepted (User
	// defaults to "administrator"; Password is required).
	User     string
	Password string
	// Domain is appended to a short host name, as PCCE's lookup turns a
	// host name into its FQDN (default example.com).
	Domain string
	// ApplicationInstance names the seeded application instance the ECE
	// MRDs are associated with (default "MultiChannel", the 2000-agent
	// name; case-sensitive).
	ApplicationInstance string
	// MoreApplicationInstances are seeded besides ApplicationInstance
	// (e.g. "UQ_MultiChannel", or a wrong-case twin).
	MoreApplicationInstances []string
	// MRDInstances associates seeded MRDs with another seeded application
	// instance than ApplicationInstance: MRD name → instance name.
	MRDInstances map[string]string
	// WithoutMRDs leaves these seeded MRDs out (ECE_Email, ECE_Chat,
	// ECE_Outbound, Cisco_Voice), to fail the prerequisites.
	WithoutMRDs []string
	// Machines are added to the seeded inventory (paging tests seed 250;
	// see GenerateMachines). Ignored when StateFile already exists.
	Machines []pcce.Machine
	// PAPassword is the ECE Partition Administrator password PCCE can sign
	// in with: an ECE web server stored with another password has an
	// inventory alert. Empty accepts any non-empty password.
	PAPassword string
	// ResolvableHosts are the host names (FQDNs) that resolve; a machine
	// whose host name is not among them has an alert. Nil: every name
	// resolves.
	ResolvableHosts []string
	// StrictECEType refuses to create, update or delete machines of type
	// ECE over the API, as the developer reference's type table says
	// (false: allowed, the way this project's step 4.2 needs).
	StrictECEType bool
	// StateFile keeps the state between runs (JSON; loaded by New when it
	// exists, written after every change). Empty: in memory only.
	StateFile string
	// DNSNames are added to the server certificate (it always names
	// localhost, 127.0.0.1 and ::1).
	DNSNames []string
	// Certificate, when set, is served instead of a certificate from the
	// simulator's own CA (the lab's AW certificate, which its spec trusts
	// from lab init on), and CAPEM is what Server.CAPEM returns: the
	// certificate itself when self-signed. DNSNames is then ignored.
	Certificate *tls.Certificate
	CAPEM       []byte
	// Clock is the simulator's time (scanInfo); default time.Now.
	Clock func() time.Time
	// Rand draws the SetFailRate failures; default a fixed seed, so a run
	// fails the same requests every time.
	Rand *rand.Rand
}

func (o Options) withDefaults() Options {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.User == "" {
		o.User = DefaultUser
	}
	if o.Domain == "" {
		o.Domain = DefaultDomain
	}
	if o.ApplicationInstance == "" {
		o.ApplicationInstance = DefaultApplicationInstance
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.New(rand.NewPCG(1, 2))
	}
	return o
}
