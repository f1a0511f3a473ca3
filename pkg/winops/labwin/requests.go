package labwin

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// maxKeySize bounds KeySize; Windows offers up to 16384-bit RSA keys.
const maxKeySize = 16384

func requestDir(root string) string { return labDir(root, "certstore", "REQUEST") }

// requestMeta is <id>.json next to a request: what completing it needs
// besides the key.
type requestMeta struct {
	FriendlyName string `json:"friendlyName"`
}

// NewRequest generates an RSA key of req.KeySize bits, keeps it on the
// host as <root>/.lab/certstore/REQUEST/<id>.key (PEM PKCS #8, mode 0600)
// and writes <id>.csr (PEM CERTIFICATE REQUEST: CN, O, DNS SANs, signed
// with SHA-256). The id is the first 16 hex digits of the SHA-256 of the
// public key. The key never leaves the host folder.
func (o *Ops) NewRequest(ctx context.Context, req winops.CertRequest) (winops.PendingRequest, error) {
	unlock, err := o.begin(ctx)
	if err != nil {
		return winops.PendingRequest{}, err
	}
	defer unlock()
	switch {
	case req.CommonName == "":
		return winops.PendingRequest{}, errors.New("new certificate request: empty common name")
	case req.KeySize < 2048 || req.KeySize > maxKeySize:
		return winops.PendingRequest{}, fmt.Errorf("new certificate request %s: key size %d: want 2048 to %d bits", req.CommonName, req.KeySize, maxKeySize)
	}
	key, err := rsa.GenerateKey(o.rand, req.KeySize)
	if err != nil {
		return winops.PendingRequest{}, fmt.Errorf("new certificate request %s: generating key: %w", req.CommonName, err)
	}
	subject := pkix.Name{CommonName: req.CommonName}
	if req.Organization != "" {
		subject.Organization = []string{req.Organization}
	}
	csrDER, err := x509.CreateCertificateRequest(o.rand, &x509.CertificateRequest{
		Subject:            subject,
		DNSNames:           req.DNSNames,
		SignatureAlgorithm: x509.SHA256WithRSA,
	}, key)
	if err != nil {
		return winops.PendingRequest{}, fmt.Errorf("new certificate request %s: %w", req.CommonName, err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return winops.PendingRequest{}, fmt.Errorf("new certificate request %s: %w", req.CommonName, err)
	}
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return winops.PendingRequest{}, fmt.Errorf("new certificate request %s: %w", req.CommonName, err)
	}
	sum := sha256.Sum256(spki)
	pr := winops.PendingRequest{
		ID:              hex.EncodeToString(sum[:8]),
		CSR:             pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csrDER}),
		PublicKeySHA256: hex.EncodeToString(sum[:]),
	}
	meta, err := json.Marshal(requestMeta{FriendlyName: req.FriendlyName})
	if err != nil {
		return winops.PendingRequest{}, fmt.Errorf("new certificate request %s: %w", req.CommonName, err)
	}
	// The .csr comes last: a request is pending once its .csr exists, and
	// then its key is already there.
	base := filepath.Join(requestDir(o.root), pr.ID)
	for _, f := range []struct {
		ext  string
		data []byte
		perm os.FileMode
	}{
		{".key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600},
		{".json", append(meta, '\n'), 0o644},
		{".csr", pr.CSR, 0o644},
	} {
		if err := writeFile(base+f.ext, f.data, f.perm); err != nil {
			return winops.PendingRequest{}, fmt.Errorf("new certificate request %s: %w", req.CommonName, err)
		}
	}
	return pr, nil
}

// PendingRequests lists the requests NewRequest made that are not yet
// completed, sorted by id.
func (o *Ops) PendingRequests(ctx context.Context) ([]winops.PendingRequest, error) {
	unlock, err := o.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return listRequests(o.root)
}

func listRequests(root string) ([]winops.PendingRequest, error) {
	ents, err := os.ReadDir(requestDir(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("certificate requests: %w", err)
	}
	var out []winops.PendingRequest
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), ".csr")
		if !ok || strings.HasPrefix(id, ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(requestDir(root), e.Name()))
		if err != nil {
			return nil, fmt.Errorf("certificate request %s: %w", id, unwrapPath(err))
		}
		blk, _ := pem.Decode(data)
		if blk == nil || blk.Type != "CERTIFICATE REQUEST" {
			return nil, fmt.Errorf("certificate request %s: no PEM CERTIFICATE REQUEST", id)
		}
		csr, err := x509.ParseCertificateRequest(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate request %s: %w", id, err)
		}
		sum := sha256.Sum256(csr.RawSubjectPublicKeyInfo)
		out = append(out, winops.PendingRequest{ID: id, CSR: data, PublicKeySHA256: hex.EncodeToString(sum[:])})
	}
	slices.SortFunc(out, func(a, b winops.PendingRequest) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// CompleteRequest installs a CA-signed certificate for the pending request
// holding its key: the certificate and key go into My (with the request's
// friendly name), the request's files are removed, and the thumbprint is
// returned. A certificate no pending request matches is an error and
// nothing is written.
func (o *Ops) CompleteRequest(ctx context.Context, certDER []byte) (string, error) {
	unlock, err := o.begin(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		return "", fmt.Errorf("completing certificate request: %w", err)
	}
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	want := hex.EncodeToString(sum[:])
	reqs, err := listRequests(o.root)
	if err != nil {
		return "", fmt.Errorf("completing certificate request: %w", err)
	}
	i := slices.IndexFunc(reqs, func(r winops.PendingRequest) bool { return r.PublicKeySHA256 == want })
	if i < 0 {
		return "", fmt.Errorf("completing certificate request: certificate %s: no pending request for this certificate's key", Thumbprint(cert.Raw))
	}
	id := reqs[i].ID
	base := filepath.Join(requestDir(o.root), id)
	keyPEM, err := os.ReadFile(base + ".key")
	if err != nil {
		return "", fmt.Errorf("completing certificate request %s: key: %w", id, unwrapPath(err))
	}
	blk, _ := pem.Decode(keyPEM)
	if blk == nil {
		return "", fmt.Errorf("completing certificate request %s: key: no PEM block", id)
	}
	key, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return "", fmt.Errorf("completing certificate request %s: key: %w", id, err)
	}
	var meta requestMeta
	if b, err := os.ReadFile(base + ".json"); err == nil {
		if err := json.Unmarshal(b, &meta); err != nil {
			return "", fmt.Errorf("completing certificate request %s: %w", id, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("completing certificate request %s: %w", id, unwrapPath(err))
	}
	tp, err := storeCert(o.root, o.rand, cert, key, meta.FriendlyName)
	if err != nil {
		return "", fmt.Errorf("completing certificate request %s: %w", id, err)
	}
	// The .csr goes first: without it the request is no longer pending.
	for _, ext := range []string{".csr", ".key", ".json"} {
		if err := os.Remove(base + ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("completing certificate request %s: removing the request: %w", id, unwrapPath(err))
		}
	}
	return tp, nil
}
