package certgen

import (
	cryptorand "crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"
)

// MinKeySize is the smallest RSA key size the tech note accepts.
const MinKeySize = 2048

// backdate is how far before now a new certificate starts to be valid, so
// that a server whose clock lags a little accepts it.
const backdate = time.Hour

// Request describes a server certificate to make.
type Request struct {
	CommonName   string
	Organization string   // optional
	DNSNames     []string // subject alternative names
	KeySize      int      // RSA bits, at least MinKeySize
	Validity     time.Duration
}

// check refuses a request that cannot make a usable certificate.
func (req Request) check() error {
	var errs []error
	if req.CommonName == "" {
		errs = append(errs, errors.New("no common name"))
	}
	if req.KeySize < MinKeySize {
		errs = append(errs, fmt.Errorf("RSA key size %d is below %d", req.KeySize, MinKeySize))
	}
	if req.Validity <= 0 {
		errs = append(errs, fmt.Errorf("validity %s is not positive", req.Validity))
	}
	return errors.Join(errs...)
}

// Subject is the subject name a certificate made from req has.
func (req Request) Subject() pkix.Name {
	n := pkix.Name{CommonName: req.CommonName}
	if req.Organization != "" {
		n.Organization = []string{req.Organization}
	}
	return n
}

// SelfSigned makes a self-signed TLS server certificate for req: a new RSA
// key of req.KeySize bits, subject CN (and O), the DNS names as SANs,
// extended key usage server authentication, key usage digital signature and
// key encipherment, valid from now-1h to now+req.Validity, with a random
// 128-bit serial number read from rand. It returns the certificate's DER and
// its key.
func SelfSigned(req Request, now time.Time, rand io.Reader) (certDER []byte, key *rsa.PrivateKey, err error) {
	if err := req.check(); err != nil {
		return nil, nil, fmt.Errorf("self-signed certificate: %w", err)
	}
	if rand == nil {
		rand = cryptorand.Reader
	}
	serial, err := Serial(rand)
	if err != nil {
		return nil, nil, fmt.Errorf("self-signed certificate: %w", err)
	}
	key, err = rsa.GenerateKey(rand, req.KeySize)
	if err != nil {
		return nil, nil, fmt.Errorf("self-signed certificate: generating the RSA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               req.Subject(),
		DNSNames:              append([]string(nil), req.DNSNames...),
		NotBefore:             now.Add(-backdate).UTC(),
		NotAfter:              now.Add(req.Validity).UTC(),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	certDER, err = x509.CreateCertificate(rand, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("self-signed certificate: %w", err)
	}
	return certDER, key, nil
}

// Serial reads a positive 128-bit serial number from r (RFC 5280 allows up
// to 20 octets; 128 random bits is what CAs use).
func Serial(r io.Reader) (*big.Int, error) {
	if r == nil {
		r = cryptorand.Reader
	}
	b := make([]byte, 16)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("reading a serial number: %w", err)
	}
	b[0] &= 0x7f // positive in DER without a leading zero byte
	n := new(big.Int).SetBytes(b)
	if n.Sign() == 0 {
		n.SetInt64(1)
	}
	return n, nil
}
