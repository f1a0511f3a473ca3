package spec

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testCert describes one certificate under testdata/certs.
type testCert struct {
	file string
	cn   string
	sans []string
	der  bool // write DER instead of PEM
}

var testCerts = []testCert{
	{file: "ece-web.crt", cn: "ece.lab.example.com", sans: []string{"ece.lab.example.com", "ece-web-a.lab.example.com", "ece-web-b.lab.example.com"}},
	{file: "ece-web-host.crt", cn: "ece-web-a.lab.example.com", sans: []string{"ece-web-a.lab.example.com"}},
	{file: "wildcard.crt", cn: "lab web", sans: []string{"*.lab.example.com"}},
	{file: "ad-dc.crt", cn: "dc1.mydomain.local", sans: []string{"dc1.mydomain.local"}},
	{file: "corp-root.crt", cn: "Corp Root CA", der: true},
	{file: "corp-issuing.crt", cn: "Corp Issuing CA"},
}

// TestGenerateCerts writes the test certificates that are missing, with
// -update. They are committed; regenerating changes only spec hashes.
func TestGenerateCerts(t *testing.T) {
	if !*update {
		t.Skip("run with -update to create missing certificates under testdata/certs")
	}
	dir := filepath.Join("testdata", "certs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var chain []byte
	for _, c := range testCerts {
		der := makeCert(t, c.cn, c.sans)
		out := der
		if !c.der {
			out = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
			chain = append(chain, out...)
		}
		writeIfMissing(t, filepath.Join(dir, c.file), out)
	}
	writeIfMissing(t, filepath.Join(dir, "chain.crt"), chain)
	writeIfMissing(t, filepath.Join(dir, "garbage.crt"), []byte("this is not a certificate\n"))
}

func makeCert(t *testing.T, cn string, sans []string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"ecereconcile tests"}},
		DNSNames:              sans,
		NotBefore:             time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2049, 1, 1, 0, 0, 0, 0, time.UTC),
		BasicConstraintsValid: true,
		IsCA:                  len(sans) == 0,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func writeIfMissing(t *testing.T, path string, data []byte) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
