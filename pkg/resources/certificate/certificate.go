package certificate

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Kind is the resource kind's name in addresses.
const Kind = "certificate"

// Defaults of integration.webCertificate, applied by New to fields left
// zero. pkg/spec documents the same values.
const (
	DefaultKeySize      = certgen.MinKeySize
	DefaultValidity     = 825 * spec.Day
	DefaultRenewBefore  = 30 * spec.Day
	DefaultFriendlyName = "ECE web (ecereconcile)"
)

// Attribute names of the state.
const (
	AttrThumbprint    = "thumbprint"      // uppercase hex SHA-1; what iis_binding binds
	AttrSHA256        = "sha256"          // lowercase hex SHA-256 of the DER
	AttrSubject       = "subject"         // "CN=ece.example.com,O=Example"
	AttrDNSNames      = "dns_names"       // DNS SANs, sorted, ", "-joined
	AttrKeyAlgorithm  = "key_algorithm"   // RSA | ECDSA | Ed25519
	AttrKeySize       = "key_size"        // bits
	AttrNotAfter      = "not_after"       // RFC 3339, UTC
	AttrHasPrivateKey = "has_private_key" // true | false
	AttrFriendlyName  = "friendly_name"
	AttrSource        = "source"          // self-signed | pfx | csr
	AttrCopiedFrom    = "copied_from"     // the issuer's address, shared copies only
	AttrCSRFile       = "csr_file"        // csr only: where the request is written
	AttrPendingReq    = "pending_request" // csr only: the pending request's id
	// AttrDER is the certificate, base64 DER, Internal: the ADS truststore
	// (keystore.AttrDER) imports it.
	AttrDER = "der"
)

// Config is everything one certificate resource needs.
type Config struct {
	Addr      resources.Addr   // certificate.ece_web[ece-web-a]
	DependsOn []resources.Addr // includes Inst.Issuer when set
	// Ops reaches this web server's LocalMachine\My.
	Ops winops.Ops
	// IssuerOps reaches the issuer web server (shared copies); nil on the
	// issuer and with source pfx.
	IssuerOps winops.Ops
	Inst      spec.CertificateInst
	// LookupEnv resolves the PFX password's env: reference; nil means
	// os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// ReadFile reads files of the operator's machine: the PFX, the signed
	// certificate, the CSR file. An absent file must wrap fs.ErrNotExist.
	ReadFile func(path string) ([]byte, error)
	// WriteCSR writes <csr.dir>/<host>.csr.pem atomically on the operator's
	// machine.
	WriteCSR func(path string, pem []byte) error
	// Now stamps self-signed certificates; nil means time.Now. Plan uses
	// PlanInput.Now instead.
	Now func() time.Time
	// Rand feeds serial numbers and transient PFX passwords; nil means
	// crypto/rand.
	Rand io.Reader
}

// Resource is one web server's certificate in LocalMachine\My. It
// implements resources.Resource and resources.Describer.
type Resource struct {
	c Config
}

var (
	_ resources.Resource  = (*Resource)(nil)
	_ resources.Describer = (*Resource)(nil)
)

// New returns the resource for c, with the documented defaults filled in
// for zero fields of c.Inst.
func New(c Config) *Resource {
	if c.Now == nil {
		c.Now = time.Now
	}
	in := &c.Inst
	if in.KeySize == 0 {
		in.KeySize = DefaultKeySize
	}
	if in.Validity == 0 {
		in.Validity = spec.Duration(DefaultValidity)
	}
	if in.RenewBefore == 0 {
		in.RenewBefore = spec.Duration(DefaultRenewBefore)
	}
	if in.FriendlyName == "" {
		in.FriendlyName = DefaultFriendlyName
	}
	if in.Source == "" {
		in.Source = spec.CertSourceSelfSigned
	}
	return &Resource{c: c}
}

// Addr returns the resource's address.
func (r *Resource) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the resources this one depends on.
func (r *Resource) DependsOn() []resources.Addr { return r.c.DependsOn }

// Describe says which store on which server and how the certificate comes:
// "LocalMachine\My on ece-web-b, copy of certificate.ece_web[ece-web-a]".
func (r *Resource) Describe() string {
	s := `LocalMachine\My on ` + r.c.Addr.Host
	if r.isCopy() {
		return s + ", copy of " + r.c.Inst.Issuer.String()
	}
	return s + ", " + r.c.Inst.Source
}

// isCopy reports whether this server copies the issuer's certificate. A
// PFX is imported on every server from the file itself.
func (r *Resource) isCopy() bool {
	return r.c.Inst.Issuer != (resources.Addr{}) && r.c.Inst.Source != spec.CertSourcePFX
}

// csrPath is where the request of this server is written for the CA.
func (r *Resource) csrPath() string {
	if r.c.Inst.CSR == nil {
		return ""
	}
	return filepath.Join(r.c.Inst.CSR.Dir, r.c.Addr.Host+".csr.pem")
}

// minKeySize is the smallest acceptable key: the spec's keySize for a
// certificate ecereconcile makes or requests, the tech note's 2048 bits for
// one it is given.
func (r *Resource) minKeySize() int {
	if r.c.Inst.Source == spec.CertSourcePFX || r.isCopy() {
		return certgen.MinKeySize
	}
	return max(certgen.MinKeySize, r.c.Inst.KeySize)
}

// request is what a certificate ecereconcile makes or requests carries: CN
// (default the FQDN), O, and the DNS names (default the CN) with the CN
// always among them, as the tech note asks.
func (r *Resource) request() certgen.Request {
	in := r.c.Inst
	cn := in.CommonName
	if cn == "" {
		cn = in.FQDN
	}
	names := append([]string(nil), in.DNSNames...)
	hasCN := false
	for _, n := range names {
		hasCN = hasCN || strings.EqualFold(n, cn)
	}
	if !hasCN {
		names = append([]string{cn}, names...)
	}
	return certgen.Request{
		CommonName:   cn,
		Organization: in.Organization,
		DNSNames:     names,
		KeySize:      in.KeySize,
		Validity:     in.Validity.D(),
	}
}

// checkConfig refuses what Plan cannot decide on.
func (r *Resource) checkConfig() error {
	in := r.c.Inst
	switch in.Source {
	case spec.CertSourceSelfSigned, spec.CertSourceCSR:
		if r.isCopy() {
			return nil
		}
		req := r.request()
		if err := CheckNames(in.FQDN, req.CommonName, req.DNSNames); err != nil {
			return fmt.Errorf("the certificate to make: %w", err)
		}
		if in.KeySize < certgen.MinKeySize {
			return fmt.Errorf("keySize %d is below %d", in.KeySize, certgen.MinKeySize)
		}
		if in.Source == spec.CertSourceCSR && (in.CSR == nil || in.CSR.Dir == "") {
			return fmt.Errorf("source csr needs csr.dir")
		}
	case spec.CertSourcePFX:
		if in.PFX == nil || in.PFX.File == "" {
			return fmt.Errorf("source pfx needs pfx.file")
		}
	default:
		return fmt.Errorf("unknown source %q (want %s, %s or %s)", in.Source,
			spec.CertSourceSelfSigned, spec.CertSourcePFX, spec.CertSourceCSR)
	}
	return nil
}
