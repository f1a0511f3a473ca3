package certgen

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"software.sslmate.com/src/go-pkcs12"
)

// passwordBytes is how many random bytes a transient PFX password holds.
const passwordBytes = 24

// PFX wraps a certificate and its private key in a PKCS#12 file protected by
// password, with the algorithms of go-pkcs12's Modern2023 (AES-256-CBC,
// PBKDF2, HMAC-SHA-256), which Windows Server 2019 and later import. The key
// must belong to the certificate.
func PFX(certDER []byte, key crypto.Signer, password string) ([]byte, error) {
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		return nil, fmt.Errorf("pfx: parsing the certificate: %w", err)
	}
	if key == nil {
		return nil, errors.New("pfx: no private key")
	}
	if !KeyMatches(cert, key.Public()) {
		return nil, errors.New("pfx: the private key does not belong to the certificate")
	}
	out, err := pkcs12.Modern2023.Encode(key, cert, nil, password)
	if err != nil {
		return nil, fmt.Errorf("pfx: %w", err)
	}
	return out, nil
}

// KeyMatches reports whether pub is the public key of cert.
func KeyMatches(cert *x509.Certificate, pub crypto.PublicKey) bool {
	want, err1 := x509.MarshalPKIXPublicKey(cert.PublicKey)
	got, err2 := x509.MarshalPKIXPublicKey(pub)
	return err1 == nil && err2 == nil && bytes.Equal(want, got)
}

// RandomPassword returns a password for a PFX in transit: 48 hex digits
// from 24 bytes of r (crypto/rand when r is nil). It is never stored.
func RandomPassword(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, passwordBytes)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("making a transient password: %w", err)
	}
	return hex.EncodeToString(b), nil
}
