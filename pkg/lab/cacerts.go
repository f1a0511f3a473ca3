package lab

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"time"

	keystore "github.com/pavlo-v-chernykh/keystore-go/v4"
)

// jdkCA is one CA the lab's JDK 8 cacerts trusts before the integration:
// realistic subjects and aliases, lab-made ECDSA P-256 certificates.
type jdkCA struct {
	Alias   string
	Subject pkix.Name
}

// jdkCAs are the unrelated CA entries of every ADS's cacerts.
var jdkCAs = []jdkCA{
	{"digicertglobalrootca [jdk]", pkix.Name{Country: []string{"US"}, Organization: []string{"DigiCert Inc"}, OrganizationalUnit: []string{"www.digicert.com"}, CommonName: "DigiCert Global Root CA"}},
	{"isrgrootx1 [jdk]", pkix.Name{Country: []string{"US"}, Organization: []string{"Internet Security Research Group"}, CommonName: "ISRG Root X1"}},
	{"globalsignca [jdk]", pkix.Name{Country: []string{"BE"}, Organization: []string{"GlobalSign nv-sa"}, OrganizationalUnit: []string{"Root CA"}, CommonName: "GlobalSign Root CA"}},
	{"amazonrootca1 [jdk]", pkix.Name{Country: []string{"US"}, Organization: []string{"Amazon"}, CommonName: "Amazon Root CA 1"}},
	{"usertrustrsaca [jdk]", pkix.Name{Country: []string{"US"}, Province: []string{"New Jersey"}, Locality: []string{"Jersey City"}, Organization: []string{"The USERTRUST Network"}, CommonName: "USERTrust RSA Certification Authority"}},
}

// cacertsJKS builds the JDK 8 style JKS truststore: one trusted-certificate
// entry per jdkCAs, signed with CacertsPassword. serials has one entry per CA.
func cacertsJKS(now time.Time, serials []*big.Int, random io.Reader) ([]byte, error) {
	ks := keystore.New(keystore.WithOrderedAliases(), keystore.WithCustomRandomNumberGenerator(random))
	installed := now.AddDate(-1, 0, 0) // the JDK was installed a year ago
	for i, ca := range jdkCAs {
		der, err := caCert(ca.Subject, serials[i], now, random)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ca.Alias, err)
		}
		err = ks.SetTrustedCertificateEntry(ca.Alias, keystore.TrustedCertificateEntry{
			CreationTime: installed,
			Certificate:  keystore.Certificate{Type: "X.509", Content: der},
		})
		if err != nil {
			return nil, fmt.Errorf("%s: adding entry: %w", ca.Alias, err)
		}
	}
	var buf bytes.Buffer
	if err := ks.Store(&buf, []byte(CacertsPassword)); err != nil {
		return nil, fmt.Errorf("storing jks: %w", err)
	}
	return buf.Bytes(), nil
}

// caCert creates a self-signed ECDSA P-256 root CA certificate (DER).
func caCert(subject pkix.Name, serial *big.Int, now time.Time, random io.Reader) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), random)
	if err != nil {
		return nil, fmt.Errorf("generating ecdsa key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               subject,
		NotBefore:             now.AddDate(-10, 0, 0),
		NotAfter:              now.AddDate(15, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(random, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("signing certificate: %w", err)
	}
	return der, nil
}
