package lab

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"time"
)

// certValidity is how long the lab's server certificates are valid from Now:
// long enough for a rehearsal of the web certificate's renewal
// (ECERECONCILE_NOW two years on) not to find the directory's expired too.
const certValidity = 5 // years

// serverCert describes a self-signed server (TLS) certificate to create.
type serverCert struct {
	Subject  pkix.Name
	DNSNames []string
	IPs      []net.IP
	Serial   *big.Int
}

// keyPairPEM is a certificate and its PKCS#8 private key, both PEM, and
// the same as DER and key.
type keyPairPEM struct {
	Cert []byte
	Key  []byte

	DER    []byte
	Signer crypto.Signer
}

// oldWebCertSpec is the certificate ece-web-b had before the tech note: its
// own name only, not the access FQDN (the "certificate mismatch" the tech
// note's troubleshooting describes), bound with a host name and SNI.
func oldWebCertSpec(serial *big.Int) serverCert {
	return serverCert{
		Subject: pkix.Name{
			CommonName:         OldWebCertHost + "." + Domain,
			Organization:       []string{"Lab Example"},
			OrganizationalUnit: []string{"Contact Center"},
		},
		DNSNames: []string{OldWebCertHost + "." + Domain},
		Serial:   serial,
	}
}

// adCertSpec is the domain controller's LDAPS certificate of step 2.1.
func adCertSpec(serial *big.Int) serverCert {
	return serverCert{
		Subject: pkix.Name{CommonName: DCFQDN},
		// The loopback names let `lab serve` present this very certificate
		// on 127.0.0.1, so the keystore of step 2.1 is what TLS trusts.
		DNSNames: []string{DCFQDN, Domain, "localhost"},
		IPs:      []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		Serial:   serial,
	}
}

// awCertSpec is the AW's own certificate: self-signed, as the Unified CCE
// web administration has after installation; valid for loopback too, where
// `lab serve` answers.
func awCertSpec(serial *big.Int) serverCert {
	return serverCert{
		Subject:  pkix.Name{CommonName: AWFQDN},
		DNSNames: []string{AWFQDN, "localhost"},
		IPs:      []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		Serial:   serial,
	}
}

// selfSignedRSA creates an RSA 2048 key and a self-signed serverAuth
// certificate valid from now for certValidity years.
func selfSignedRSA(c serverCert, now time.Time, random io.Reader) (keyPairPEM, error) {
	key, err := rsa.GenerateKey(random, 2048)
	if err != nil {
		return keyPairPEM{}, fmt.Errorf("generating rsa key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          c.Serial,
		Subject:               c.Subject,
		DNSNames:              c.DNSNames,
		IPAddresses:           c.IPs,
		NotBefore:             now,
		NotAfter:              now.AddDate(certValidity, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	return selfSign(tmpl, key.Public(), key, random)
}

// selfSign signs tmpl with key and returns the PEM certificate and key.
func selfSign(tmpl *x509.Certificate, pub crypto.PublicKey, key crypto.Signer, random io.Reader) (keyPairPEM, error) {
	der, err := x509.CreateCertificate(random, tmpl, tmpl, pub, key)
	if err != nil {
		return keyPairPEM{}, fmt.Errorf("signing certificate: %w", err)
	}
	pk, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return keyPairPEM{}, fmt.Errorf("encoding private key: %w", err)
	}
	return keyPairPEM{
		Cert:   pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		Key:    pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk}),
		DER:    der,
		Signer: key,
	}, nil
}

// randomSerial reads a positive 128-bit serial number from random.
func randomSerial(random io.Reader) (*big.Int, error) {
	b := make([]byte, 16)
	if _, err := io.ReadFull(random, b); err != nil {
		return nil, fmt.Errorf("reading random serial: %w", err)
	}
	b[0] &= 0x7f
	b[0] |= 0x40 // never zero, always 16 bytes long
	return new(big.Int).SetBytes(b), nil
}
