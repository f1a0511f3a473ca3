package certificate

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// fakeOps is an in-memory LocalMachine\My with pending requests. The IIS
// and http.sys operations are not used by this kind.
type fakeOps struct {
	mu       sync.Mutex
	certs    map[string]*fakeCert // by thumbprint
	requests map[string]*fakeRequest
	imports  int
	// keys, when set, hands out request keys instead of generating them.
	keys []*rsa.PrivateKey
}

type fakeCert struct {
	der      []byte
	key      crypto.Signer // nil: no private key
	friendly string
}

type fakeRequest struct {
	pr       winops.PendingRequest
	key      *rsa.PrivateKey
	friendly string
}

var _ winops.Ops = (*fakeOps)(nil)

func newFakeOps() *fakeOps {
	return &fakeOps{certs: map[string]*fakeCert{}, requests: map[string]*fakeRequest{}}
}

// seed puts a certificate in the store; key may be nil.
func (f *fakeOps) seed(der []byte, key crypto.Signer, friendly string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	tp := certgen.Thumbprint(der)
	f.certs[tp] = &fakeCert{der: der, key: key, friendly: friendly}
	return tp
}

func (f *fakeOps) Certificates(context.Context) ([]winops.Cert, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []winops.Cert
	for tp, c := range f.certs {
		out = append(out, winops.Cert{Thumbprint: tp, DER: c.der, HasPrivateKey: c.key != nil, FriendlyName: c.friendly})
	}
	slices.SortFunc(out, func(a, b winops.Cert) int { return strings.Compare(a.Thumbprint, b.Thumbprint) })
	return out, nil
}

func (f *fakeOps) ImportPFX(_ context.Context, pfx []byte, password, friendlyName string) (string, error) {
	key, cert, _, err := pkcs12.DecodeChain(pfx, password)
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return "", errors.New("import: not a signing key")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.imports++
	tp := certgen.Thumbprint(cert.Raw)
	f.certs[tp] = &fakeCert{der: cert.Raw, key: signer, friendly: friendlyName}
	return tp, nil
}

func (f *fakeOps) ExportPFX(_ context.Context, thumbprint, password string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.certs[thumbprint]
	if !ok {
		return nil, winops.ErrCertNotFound
	}
	if c.key == nil {
		return nil, errors.New("export: no private key")
	}
	return certgen.PFX(c.der, c.key, password)
}

func (f *fakeOps) PendingRequests(context.Context) ([]winops.PendingRequest, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []winops.PendingRequest
	for _, r := range f.requests {
		out = append(out, r.pr)
	}
	return out, nil
}

func (f *fakeOps) NewRequest(_ context.Context, req winops.CertRequest) (winops.PendingRequest, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var key *rsa.PrivateKey
	if len(f.keys) > 0 {
		key, f.keys = f.keys[0], f.keys[1:]
	} else {
		var err error
		if key, err = rsa.GenerateKey(rand.Reader, req.KeySize); err != nil {
			return winops.PendingRequest{}, err
		}
	}
	subj := pkix.Name{CommonName: req.CommonName}
	if req.Organization != "" {
		subj.Organization = []string{req.Organization}
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: subj, DNSNames: req.DNSNames}, key)
	if err != nil {
		return winops.PendingRequest{}, err
	}
	cr, _ := x509.ParseCertificateRequest(der)
	pk := certgen.SHA256(cr.RawSubjectPublicKeyInfo)
	pr := winops.PendingRequest{ID: pk[:16], CSR: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}), PublicKeySHA256: pk}
	f.requests[pr.ID] = &fakeRequest{pr: pr, key: key, friendly: req.FriendlyName}
	return pr, nil
}

func (f *fakeOps) CompleteRequest(_ context.Context, certDER []byte) (string, error) {
	c, err := x509.ParseCertificate(certDER)
	if err != nil {
		return "", err
	}
	pk := certgen.SHA256(c.RawSubjectPublicKeyInfo)
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, r := range f.requests {
		if r.pr.PublicKeySHA256 == pk {
			tp := certgen.Thumbprint(certDER)
			f.certs[tp] = &fakeCert{der: certDER, key: r.key, friendly: r.friendly}
			delete(f.requests, id)
			return tp, nil
		}
	}
	return "", errors.New("no pending request for this certificate's key")
}

var errNotUsed = errors.New("not used by the certificate kind")

func (f *fakeOps) Site(context.Context, string) (winops.Site, error) {
	return winops.Site{}, errNotUsed
}
func (f *fakeOps) SetSiteBinding(context.Context, string, *winops.Binding, winops.Binding) error {
	return errNotUsed
}
func (f *fakeOps) SSLBindings(context.Context) ([]winops.SSLBinding, error) { return nil, errNotUsed }
func (f *fakeOps) SetSSLBinding(context.Context, winops.SSLBinding) error   { return errNotUsed }
