package verify

import (
	"context"
	"crypto/x509"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources/check"
)

// Target is what Run examines; internal/wire builds it from a spec. A nil or
// empty part makes its checks skip, saying what the spec lacks.
type Target struct {
	// Environment is metadata.name; SpecFile the spec as given (fixes name
	// it in their commands).
	Environment string
	SpecFile    string
	// FQDN is ece.fqdn: the name users and SPOG reach ECE by.
	FQDN string
	// Port is the web servers' https port (default 443).
	Port int

	WebServers  []WebServer
	Truststores []Truststore
	// ECEServers are the ECE servers other than the web servers (app and
	// data roles): Cisco Service must run on each.
	ECEServers []ECEServer

	// LDAP verifies the partition SSO settings; nil when the spec has none.
	LDAP *LDAP
	// PCCE reads PCCE's Unified Config API; nil when the spec has none.
	PCCE PCCE
	// WebInventoryResource is the spec's ECE_WEB_SERVER inventory resource,
	// InventoryResources all its inventory resources (data servers too), for
	// fixes; empty when unmanaged.
	WebInventoryResource string
	InventoryResources   []string
	// ApplicationInstance is the one ECE's MRDs and integration use
	// (case-sensitive).
	ApplicationInstance string
	// ECEAdmin reads ECE's admin settings; nil when the spec has none.
	ECEAdmin ECEAdmin
	// UCCEResource is the spec's Unified CCE integration resource, for
	// fixes; empty when unmanaged.
	UCCEResource string
}

// WebServer is one ECE web server.
type WebServer struct {
	Name string
	// FQDN is the server's own name (for the inventory check); may be empty.
	FQDN      string
	Presenter Presenter
	// CertificateResource and BindingResource are the spec's resources for
	// its certificate (step 1.1) and https binding (1.2), for fixes.
	CertificateResource, BindingResource string
}

// TrustedCert is one trusted entry of a Java truststore.
type TrustedCert struct {
	Alias string
	Cert  *x509.Certificate
}

// Truststore is the Java truststore (cacerts) of one PCCE AW/ADS.
type Truststore struct {
	Host string
	Path string
	// Resource is the spec's keystore resource for it, Restart the service
	// restarted after it changes (Apache Tomcat); for fixes.
	Resource, Restart string
	// Trusted returns the store's trusted-certificate entries; an error
	// when it cannot be read (missing, wrong password).
	Trusted func(ctx context.Context) ([]TrustedCert, error)
}

// ECEServer is an ECE server on which Cisco Service must run.
type ECEServer struct {
	Name     string
	Roles    []string
	Services host.Services
}

// LDAP is the partition SSO's verification.
type LDAP struct {
	// Resource is the spec's partition SSO resource, for fixes.
	Resource string
	Verify   func(ctx context.Context) LDAPOutcome
}

// LDAPOutcome is the result of the partition SSO's verification. It never
// holds a password.
type LDAPOutcome struct {
	OK bool
	// Code names the failure (pkg/ldapverify's codes, or KeystoreUnreadable).
	Code string
	// Detail is a sentence on the failure; Remedy advice for it.
	Detail, Remedy string
	// CouldNotRun: the verification could not be tried from here (a secret
	// not available to this process); an error, not a failure.
	CouldNotRun bool
	// Steps are the steps run ("dial", "tls", "bind", "search").
	Steps []string
	// FixResources are resources whose apply fixes the failure besides
	// the partition SSO itself (the keystores of step 2.1).
	FixResources []string
}

// PCCE is the part of the Unified Config API verify reads; internal/wire's
// client and *pcce.Client satisfy it.
type PCCE interface {
	check.Client
	// ListMachines returns the machines matching q (pcce.TypesQuery).
	ListMachines(ctx context.Context, q string) ([]pcce.Machine, error)
}

var _ PCCE = (*pcce.Client)(nil)

// ECEAdmin reads ECE's admin settings; every eceadmin.Backend is one.
type ECEAdmin interface {
	// Name is "lab" or "manual".
	Name() string
	Read(ctx context.Context, s eceadmin.Section) (eceadmin.Observed, error)
}
