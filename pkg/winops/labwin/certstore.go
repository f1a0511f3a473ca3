package labwin

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// CertPath returns the file holding the certificate and key of thumbprint
// in LocalMachine\My below root: <root>/.lab/certstore/My/<THUMBPRINT>.pfx.
// A certificate without a key sits next to it as <THUMBPRINT>.cer.
func CertPath(root, thumbprint string) string {
	return filepath.Join(myDir(root), strings.ToUpper(thumbprint)+".pfx")
}

func myDir(root string) string { return labDir(root, "certstore", "My") }

// Thumbprint returns the Windows thumbprint of a certificate: the
// uppercase hex SHA-1 of its DER.
func Thumbprint(der []byte) string {
	sum := sha1.Sum(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// normThumbprint checks that s is a thumbprint (40 hex digits, any case)
// and returns it in upper case; anything else cannot be in the store.
func normThumbprint(s string) (string, error) {
	if _, err := hex.DecodeString(s); err != nil || len(s) != 40 {
		return "", fmt.Errorf("%q is not a thumbprint (40 hex digits): %w", s, winops.ErrCertNotFound)
	}
	return strings.ToUpper(s), nil
}

// certMeta is <THUMBPRINT>.json next to a certificate.
type certMeta struct {
	FriendlyName string `json:"friendlyName"`
}

// Certificates lists LocalMachine\My, sorted by thumbprint. No store folder
// is an empty store.
func (o *Ops) Certificates(ctx context.Context) ([]winops.Cert, error) {
	unlock, err := o.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return listCerts(o.root)
}

func listCerts(root string) ([]winops.Cert, error) {
	ents, err := os.ReadDir(myDir(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("certificate store: %w", err)
	}
	var tps []string
	for _, e := range ents {
		name := e.Name()
		ext := filepath.Ext(name)
		if strings.HasPrefix(name, ".") || ext != ".pfx" && ext != ".cer" {
			continue
		}
		if tp := strings.TrimSuffix(name, ext); !slices.Contains(tps, tp) {
			tps = append(tps, tp)
		}
	}
	slices.Sort(tps)
	certs := make([]winops.Cert, 0, len(tps))
	for _, tp := range tps {
		c, _, err := readCert(root, tp)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	return certs, nil
}

// readCert reads one certificate of My and its key (nil when it has none).
// An absent certificate is an error wrapping winops.ErrCertNotFound.
func readCert(root, tp string) (winops.Cert, crypto.PrivateKey, error) {
	c := winops.Cert{Thumbprint: tp}
	var key crypto.PrivateKey
	data, err := os.ReadFile(CertPath(root, tp))
	switch {
	case err == nil:
		k, leaf, _, err := pkcs12.DecodeChain(data, "")
		if err != nil {
			return winops.Cert{}, nil, fmt.Errorf("certificate store: %s.pfx: %w", tp, err)
		}
		c.DER, c.HasPrivateKey, key = leaf.Raw, true, k
	case errors.Is(err, fs.ErrNotExist):
		der, err := os.ReadFile(filepath.Join(myDir(root), tp+".cer"))
		if errors.Is(err, fs.ErrNotExist) {
			return winops.Cert{}, nil, fmt.Errorf("%w: %s", winops.ErrCertNotFound, tp)
		}
		if err != nil {
			return winops.Cert{}, nil, fmt.Errorf("certificate store: %s.cer: %w", tp, unwrapPath(err))
		}
		c.DER = der
	default:
		return winops.Cert{}, nil, fmt.Errorf("certificate store: %s.pfx: %w", tp, unwrapPath(err))
	}
	if got := Thumbprint(c.DER); got != tp {
		return winops.Cert{}, nil, fmt.Errorf("certificate store: %s holds the certificate %s", tp, got)
	}
	meta, err := os.ReadFile(filepath.Join(myDir(root), tp+".json"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return winops.Cert{}, nil, fmt.Errorf("certificate store: %s.json: %w", tp, unwrapPath(err))
	}
	if err == nil {
		var m certMeta
		if err := json.Unmarshal(meta, &m); err != nil {
			return winops.Cert{}, nil, fmt.Errorf("certificate store: %s.json: %w", tp, err)
		}
		c.FriendlyName = m.FriendlyName
	}
	return c, key, nil
}

// storeCert puts cert (with key, when not nil) into My and returns its
// thumbprint. A certificate already stored with a key keeps its file; one
// stored without gains the key. An empty friendlyName leaves the name as
// it is.
func storeCert(root string, rnd io.Reader, cert *x509.Certificate, key crypto.PrivateKey, friendlyName string) (string, error) {
	tp := Thumbprint(cert.Raw)
	pfxPath := CertPath(root, tp)
	cerPath := filepath.Join(myDir(root), tp+".cer")
	_, err := os.Stat(pfxPath)
	hasPFX := err == nil
	switch {
	case hasPFX:
		// Already there with its key: nothing to add.
	case key != nil:
		if err := keyMatches(cert, key); err != nil {
			return "", err
		}
		pfx, err := pkcs12.Modern2023.WithRand(rnd).Encode(key, cert, nil, "")
		if err != nil {
			return "", fmt.Errorf("certificate %s: encoding: %w", tp, err)
		}
		if err := writeFile(pfxPath, pfx, 0o600); err != nil {
			return "", fmt.Errorf("certificate %s: %w", tp, err)
		}
		if err := os.Remove(cerPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("certificate %s: %w", tp, err)
		}
	default:
		if _, err := os.Stat(cerPath); err != nil {
			if err := writeFile(cerPath, cert.Raw, 0o644); err != nil {
				return "", fmt.Errorf("certificate %s: %w", tp, err)
			}
		}
	}
	if friendlyName != "" {
		b, err := json.Marshal(certMeta{FriendlyName: friendlyName})
		if err != nil {
			return "", fmt.Errorf("certificate %s: %w", tp, err)
		}
		if err := writeFile(filepath.Join(myDir(root), tp+".json"), append(b, '\n'), 0o644); err != nil {
			return "", fmt.Errorf("certificate %s: %w", tp, err)
		}
	}
	return tp, nil
}

// keyMatches checks that key is the private key of cert's public key.
func keyMatches(cert *x509.Certificate, key crypto.PrivateKey) error {
	s, ok := key.(crypto.Signer)
	if !ok {
		return fmt.Errorf("certificate %s: unsupported private key type %T", Thumbprint(cert.Raw), key)
	}
	pub, ok := s.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(cert.PublicKey) {
		return fmt.Errorf("certificate %s: the private key does not match the certificate", Thumbprint(cert.Raw))
	}
	return nil
}

// ImportPFX decodes pfx with password and puts its leaf certificate (the
// one matching the private key, wherever the PFX lists it) and the key
// into My; CA certificates the PFX may carry are ignored (they
// belong to the Intermediate and Root stores, which the lab does not keep).
// A wrong password or a corrupt PFX is an error and nothing is written.
func (o *Ops) ImportPFX(ctx context.Context, pfx []byte, password, friendlyName string) (string, error) {
	unlock, err := o.begin(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	key, leaf, cas, err := pkcs12.DecodeChain(pfx, password)
	if errors.Is(err, pkcs12.ErrIncorrectPassword) {
		return "", errors.New("importing PFX: the password is not correct")
	}
	if err != nil {
		return "", fmt.Errorf("importing PFX: %w", err)
	}
	// The leaf is the certificate of the key, wherever the PFX put it.
	if keyMatches(leaf, key) != nil {
		if i := slices.IndexFunc(cas, func(c *x509.Certificate) bool { return keyMatches(c, key) == nil }); i >= 0 {
			leaf = cas[i]
		}
	}
	tp, err := storeCert(o.root, o.rand, leaf, key, friendlyName)
	if err != nil {
		return "", fmt.Errorf("importing PFX: %w", err)
	}
	return tp, nil
}

// ExportPFX exports a certificate of My with its private key as a PFX
// protected by password (go-pkcs12 Modern2023: AES-256, PBKDF2-SHA-256).
// An unknown thumbprint wraps winops.ErrCertNotFound; a certificate
// without a key is an error.
func (o *Ops) ExportPFX(ctx context.Context, thumbprint, password string) ([]byte, error) {
	unlock, err := o.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	tp, err := normThumbprint(thumbprint)
	if err != nil {
		return nil, fmt.Errorf("exporting certificate: %w", err)
	}
	c, key, err := readCert(o.root, tp)
	if err != nil {
		return nil, fmt.Errorf("exporting certificate: %w", err)
	}
	if key == nil {
		return nil, fmt.Errorf("exporting certificate %s: it has no private key", tp)
	}
	cert, err := x509.ParseCertificate(c.DER)
	if err != nil {
		return nil, fmt.Errorf("exporting certificate %s: %w", tp, err)
	}
	pfx, err := pkcs12.Modern2023.WithRand(o.rand).Encode(key, cert, nil, password)
	if err != nil {
		return nil, fmt.Errorf("exporting certificate %s: %w", tp, err)
	}
	return pfx, nil
}

// SeedCert puts a certificate into LocalMachine\My below root, with its
// private key when key is not nil, and returns its thumbprint (for `lab
// init` and tests).
func SeedCert(root string, certDER []byte, key crypto.Signer, friendlyName string) (string, error) {
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		return "", fmt.Errorf("seeding certificate: %w", err)
	}
	var k crypto.PrivateKey
	if key != nil {
		k = key
	}
	tp, err := storeCert(root, rand.Reader, cert, k, friendlyName)
	if err != nil {
		return "", fmt.Errorf("seeding certificate: %w", err)
	}
	return tp, nil
}
