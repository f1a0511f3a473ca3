package certificate

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// readPFX reads and decodes the given PFX into obs. A wrong password is an
// error naming the file and the secret's reference, never the password.
func (r *Resource) readPFX(obs *observed) error {
	p := r.c.Inst.PFX
	data, err := r.readFile(p.File)
	if err != nil {
		return fmt.Errorf("reading pfx: %w", err)
	}
	pw, err := p.Password.Resolve(r.c.LookupEnv)
	if err != nil {
		return fmt.Errorf("pfx %s: password: %w", p.File, err)
	}
	leaf, err := decodePFX(data, string(pw))
	clear(pw)
	switch {
	case errors.Is(err, pkcs12.ErrIncorrectPassword):
		return fmt.Errorf("pfx %s: wrong password (%s)", p.File, p.Password.Ref())
	case err != nil:
		return fmt.Errorf("pfx %s: %w", p.File, err)
	}
	obs.pfx, obs.pfxLeaf = data, leaf
	return nil
}

// decodePFX returns the certificate of the PFX's private key: the leaf,
// wherever it sits in the file.
func decodePFX(data []byte, password string) (*x509.Certificate, error) {
	key, first, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return nil, err
	}
	pub, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("unsupported private key type %T", key)
	}
	for _, c := range append([]*x509.Certificate{first}, chain...) {
		if certgen.KeyMatches(c, pub.Public()) {
			return c, nil
		}
	}
	return nil, errors.New("the private key belongs to none of its certificates")
}

// readCSR reads the pending requests that name the FQDN, the CSR file and
// the signed certificate into obs, and returns the warnings they call for.
func (r *Resource) readCSR(ctx context.Context, obs *observed) ([]string, error) {
	all, err := r.c.Ops.PendingRequests(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing pending certificate requests: %w", err)
	}
	for _, p := range all {
		if r.requestIsOurs(p) {
			obs.pending = append(obs.pending, p)
		}
	}
	slices.SortFunc(obs.pending, func(a, b winops.PendingRequest) int { return strings.Compare(a.ID, b.ID) })

	path := r.csrPath()
	data, err := r.readFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("reading the CSR file: %w", err)
	default:
		obs.csrFile = data
	}

	var warnings []string
	if sp := r.c.Inst.SignedCertificate; sp != "" {
		data, err := r.readFile(sp)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			warnings = append(warnings, fmt.Sprintf("csr.signedCertificate %s does not exist (yet)", sp))
		case err != nil:
			return nil, fmt.Errorf("reading the signed certificate: %w", err)
		default:
			if obs.signed, err = parseCertificates(data); err != nil {
				return nil, fmt.Errorf("signed certificate %s: %w", sp, err)
			}
		}
	}
	if len(obs.pending) > 0 && signedFor(obs) == nil {
		p := obs.pending[0]
		msg := fmt.Sprintf("certificate request %s for %s is pending on %s: send %s to your CA, then set csr.signedCertificate to the certificate it returns",
			p.ID, r.c.Inst.FQDN, r.c.Addr.Host, r.csrPath())
		if n := len(obs.pending); n > 1 {
			msg += fmt.Sprintf(" (%d requests are pending; a certificate for any of them completes it)", n)
		}
		warnings = append(warnings, msg)
	}
	return warnings, nil
}

// requestIsOurs reports whether a pending request names the FQDN: the
// server may hold requests for other purposes.
func (r *Resource) requestIsOurs(p winops.PendingRequest) bool {
	b, _ := pem.Decode(p.CSR)
	if b == nil {
		return false
	}
	cr, err := x509.ParseCertificateRequest(b.Bytes)
	if err != nil {
		return false
	}
	return CheckNames(r.c.Inst.FQDN, cr.Subject.CommonName, cr.DNSNames) == nil
}

// signedMatch is a signed certificate and the pending request it answers.
type signedMatch struct {
	cert    *x509.Certificate
	request winops.PendingRequest
}

// signedFor returns the certificate of the signed file that answers a
// pending request, or nil.
func signedFor(obs *observed) *signedMatch {
	for _, c := range obs.signed {
		pk := certgen.SHA256(c.RawSubjectPublicKeyInfo)
		for _, p := range obs.pending {
			if strings.EqualFold(p.PublicKeySHA256, pk) {
				return &signedMatch{cert: c, request: p}
			}
		}
	}
	return nil
}

// parseCertificates reads every CERTIFICATE block of a PEM file (a CA
// often returns the chain with the certificate), or one DER certificate.
func parseCertificates(data []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	rest := data
	sawPEM := false
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		sawPEM = true
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("a PEM CERTIFICATE does not parse: %w", err)
		}
		out = append(out, c)
	}
	if sawPEM {
		if len(out) == 0 {
			return nil, errors.New("holds no PEM CERTIFICATE block")
		}
		return out, nil
	}
	c, err := x509.ParseCertificate(data)
	if err != nil {
		return nil, errors.New("is neither PEM nor DER certificates")
	}
	return []*x509.Certificate{c}, nil
}

// readFile reads a file of the operator's machine.
func (r *Resource) readFile(path string) ([]byte, error) {
	if r.c.ReadFile == nil {
		return nil, fmt.Errorf("%s: no file reader configured", path)
	}
	return r.c.ReadFile(path)
}
