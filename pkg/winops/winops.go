package winops

import (
	"context"
	"errors"
)

// Well-known values of step 1.2.
const (
	// IISAppID is the application id IIS registers its http.sys SSL
	// bindings under.
	IISAppID = "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
	// StoreMy is the certificate store name of LocalMachine\My in http.sys.
	StoreMy = "MY"
	// DefaultSite is the IIS site ECE is installed under.
	DefaultSite = "Default Web Site"
)

// SSL flag bits of an IIS https binding (sslFlags attribute).
const (
	SSLFlagSNI           = 1 // Server Name Indication; must be clear for SPOG
	SSLFlagCentralStore  = 2 // certificate from the central certificate store
	SSLFlagDisableHTTP2  = 4
	SSLFlagDisableOCSP   = 8
	SSLFlagDisableQUIC   = 16
	SSLFlagDisableTLS13  = 32
	SSLFlagDisableLegacy = 64
)

var (
	// ErrSiteNotFound is returned when the IIS site does not exist.
	ErrSiteNotFound = errors.New("IIS site not found")
	// ErrCertNotFound is returned when no certificate has the thumbprint.
	ErrCertNotFound = errors.New("certificate not found in LocalMachine\\My")
)

// Cert is one certificate of LocalMachine\My.
type Cert struct {
	Thumbprint    string // uppercase hex SHA-1 of DER
	DER           []byte // the certificate (never the key)
	HasPrivateKey bool
	FriendlyName  string
}

// Binding is one IIS site binding as applicationHost.config holds it.
type Binding struct {
	Protocol string // "http", "https", "net.tcp", ...
	// Information is IIS's bindingInformation "IP:port:hostname", e.g.
	// "*:443:" (all unassigned, port 443, no host name).
	Information string
	SSLFlags    int // https only
}

// Site is one IIS site and its bindings in file order.
type Site struct {
	Name     string
	ID       int
	Bindings []Binding
}

// SSLBinding is one http.sys SSL binding (netsh http show sslcert).
type SSLBinding struct {
	// Endpoint is "0.0.0.0:443" for an IP binding or "host:443" for an SNI
	// (hostname:port) binding.
	Endpoint      string
	CertHash      string // uppercase hex thumbprint
	AppID         string // "{...}", lowercase hex
	CertStoreName string // "MY"
}

// CertRequest is what a certificate signing request asks for.
type CertRequest struct {
	CommonName   string
	Organization string   // optional
	DNSNames     []string // SANs
	KeySize      int      // RSA bits, >= 2048
	FriendlyName string
}

// PendingRequest is a request whose private key waits on the host for the
// CA's answer.
type PendingRequest struct {
	// ID identifies the request on the host (certreq's request id or the
	// lab's); stable until completed.
	ID string
	// CSR is the PEM "CERTIFICATE REQUEST".
	CSR []byte
	// PublicKeySHA256 is the hex SHA-256 of the request's
	// SubjectPublicKeyInfo, to match a signed certificate to it.
	PublicKeySHA256 string
}

// Ops are the Windows operations of one server.
type Ops interface {
	// Certificates lists LocalMachine\My.
	Certificates(ctx context.Context) ([]Cert, error)
	// ImportPFX imports a PFX into LocalMachine\My with an exportable
	// private key and sets its friendly name; it returns the thumbprint of
	// the leaf. Importing a certificate already present is not an error.
	ImportPFX(ctx context.Context, pfx []byte, password, friendlyName string) (string, error)
	// ExportPFX exports the certificate and its private key, protected by
	// password (used to copy one certificate to every web server).
	ExportPFX(ctx context.Context, thumbprint, password string) ([]byte, error)

	// PendingRequests lists requests created by NewRequest and not yet
	// completed.
	PendingRequests(ctx context.Context) ([]PendingRequest, error)
	// NewRequest creates a key pair on the host (it never leaves it) and
	// returns the request.
	NewRequest(ctx context.Context, req CertRequest) (PendingRequest, error)
	// CompleteRequest installs the CA-signed certificate (DER) for a pending
	// request, joining it with its private key; it returns the thumbprint.
	CompleteRequest(ctx context.Context, certDER []byte) (string, error)

	// Site returns an IIS site with its bindings.
	Site(ctx context.Context, name string) (Site, error)
	// SetSiteBinding replaces the binding of site that equals old (Protocol
	// and Information) with b, or adds b when old is nil. Other bindings
	// are untouched.
	SetSiteBinding(ctx context.Context, site string, old *Binding, b Binding) error

	// SSLBindings lists the http.sys SSL bindings.
	SSLBindings(ctx context.Context) ([]SSLBinding, error)
	// SetSSLBinding adds or replaces the http.sys binding of b.Endpoint.
	SetSSLBinding(ctx context.Context, b SSLBinding) error
}
