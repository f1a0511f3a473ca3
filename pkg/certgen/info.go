package certgen

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Info is what the plans show of a certificate.
type Info struct {
	// Subject is the full subject name ("CN=ece.example.com,O=Example").
	Subject string
	// CommonName is the subject's CN.
	CommonName string
	// DNSNames are the DNS subject alternative names, as in the certificate.
	DNSNames []string
	// KeyAlgorithm is "RSA", "ECDSA", "Ed25519" or "unknown".
	KeyAlgorithm string
	// KeySize is the RSA modulus size in bits, or the ECDSA curve size.
	KeySize   int
	NotBefore time.Time
	NotAfter  time.Time
	// Thumbprint is the uppercase hex SHA-1 of the DER.
	Thumbprint string
	// SHA256 is the lowercase hex SHA-256 of the DER, without colons.
	SHA256 string
	// PublicKeySHA256 is the lowercase hex SHA-256 of the
	// SubjectPublicKeyInfo: it matches a certificate to its request.
	PublicKeySHA256 string
}

// Inspect parses a DER certificate and describes it.
func Inspect(der []byte) (Info, error) {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return Info{}, fmt.Errorf("parsing certificate: %w", err)
	}
	return InfoOf(c), nil
}

// InfoOf describes a parsed certificate.
func InfoOf(c *x509.Certificate) Info {
	algo, size := keyOf(c.PublicKey)
	return Info{
		Subject:         c.Subject.String(),
		CommonName:      c.Subject.CommonName,
		DNSNames:        slices.Clone(c.DNSNames),
		KeyAlgorithm:    algo,
		KeySize:         size,
		NotBefore:       c.NotBefore,
		NotAfter:        c.NotAfter,
		Thumbprint:      Thumbprint(c.Raw),
		SHA256:          SHA256(c.Raw),
		PublicKeySHA256: SHA256(c.RawSubjectPublicKeyInfo),
	}
}

// Thumbprint is the uppercase hex SHA-1 of der, as Windows names a
// certificate in its store and http.sys binds it.
func Thumbprint(der []byte) string {
	sum := sha1.Sum(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// SHA256 is the lowercase hex SHA-256 of b, without colons.
func SHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// keyOf names a public key's algorithm and size in bits.
func keyOf(pub any) (string, int) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		return "ECDSA", k.Curve.Params().BitSize
	case ed25519.PublicKey:
		return "Ed25519", 256
	}
	return "unknown", 0
}
