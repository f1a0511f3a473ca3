package addir

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"
)

// certValidity is how long the lab's certificates are valid from Now.
const certValidity = 365 * 24 * time.Hour

// pki is the directory's CA and the TLS server certificate it issued.
type pki struct {
	ca     *x509.Certificate
	server tls.Certificate
}

// newPKI creates a CA and a server certificate for hosts (DNS names or IP
// addresses), valid from now.
func newPKI(cn string, hosts []string, now time.Time) (pki, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return pki{}, fmt.Errorf("addir: ca key: %w", err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "Example Lab Root CA", Organization: []string{"Lab Example"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(certValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return pki{}, fmt.Errorf("addir: ca certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return pki{}, fmt.Errorf("addir: ca certificate: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return pki{}, fmt.Errorf("addir: server key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, key.Public(), caKey)
	if err != nil {
		return pki{}, fmt.Errorf("addir: server certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return pki{}, fmt.Errorf("addir: server certificate: %w", err)
	}
	return pki{
		ca:     ca,
		server: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf},
	}, nil
}

// serial is a random 128-bit certificate serial number.
func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return big.NewInt(1)
	}
	return n.Add(n, big.NewInt(1))
}

// givenPKI serves a certificate supplied by the caller; its chain's last
// certificate stands for the CA.
func givenPKI(c *tls.Certificate) (pki, error) {
	if len(c.Certificate) == 0 || c.PrivateKey == nil {
		return pki{}, errors.New("addir: the given certificate has no certificate or no private key")
	}
	leaf, err := x509.ParseCertificate(c.Certificate[0])
	if err != nil {
		return pki{}, fmt.Errorf("addir: the given certificate: %w", err)
	}
	top, err := x509.ParseCertificate(c.Certificate[len(c.Certificate)-1])
	if err != nil {
		return pki{}, fmt.Errorf("addir: the given certificate's chain: %w", err)
	}
	served := *c
	served.Leaf = leaf
	return pki{ca: top, server: served}, nil
}
