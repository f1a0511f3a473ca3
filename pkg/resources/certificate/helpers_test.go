package certificate

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io/fs"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

const (
	testFQDN        = "ece.example.com"
	testPFXPath     = "/ops/certs/ece.pfx"
	testSignedPath  = "/ops/certs/ece-web-a.crt"
	testCSRDir      = "/ops/csr"
	testPasswordEnv = "ECE_PFX_PASSWORD"
	testPassword    = "Pfx-s3cret-Zebra"
)

var (
	testNow  = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)
	testAddr = resources.Addr{Kind: Kind, Name: "ece_web", Host: "ece-web-a"}
	issuer   = resources.Addr{Kind: Kind, Name: "ece_web", Host: "ece-web-a"}
	copyAddr = resources.Addr{Kind: Kind, Name: "ece_web", Host: "ece-web-b"}
)

func lookupEnv(name string) (string, bool) {
	if name == testPasswordEnv {
		return testPassword, true
	}
	return "", false
}

// Keys are made once: RSA generation is slow and the tests only need
// distinct certificates, not distinct keys.
var (
	keysOnce         sync.Once
	rsa2048, rsa1024 *rsa.PrivateKey
	rsaReq           *rsa.PrivateKey // the key of requests seeded in plan tests
	caKey            *ecdsa.PrivateKey
	caCert           *x509.Certificate
)

func keys(tb testing.TB) {
	tb.Helper()
	keysOnce.Do(func() {
		var err error
		if rsa2048, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if rsaReq, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if rsa1024, err = rsa.GenerateKey(rand.Reader, 1024); err != nil {
			panic(err)
		}
		if caKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			panic(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Root CA"},
			NotBefore: testNow.AddDate(-1, 0, 0), NotAfter: testNow.AddDate(10, 0, 0),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &caKey.PublicKey, caKey)
		if err != nil {
			panic(err)
		}
		caCert, _ = x509.ParseCertificate(der)
	})
}

// certSpec describes a test certificate; zero fields take healthy values.
type certSpec struct {
	cn       string
	dns      []string
	notAfter time.Time
	key      crypto.Signer // default rsa2048
	subject  pkix.Name     // overrides cn when set
}

// mkCert returns a certificate signed by the test CA.
func mkCert(tb testing.TB, s certSpec) []byte {
	tb.Helper()
	keys(tb)
	if s.cn == "" {
		s.cn = testFQDN
	}
	if s.dns == nil {
		s.dns = []string{s.cn}
	}
	if s.notAfter.IsZero() {
		s.notAfter = testNow.AddDate(1, 0, 0)
	}
	if s.key == nil {
		s.key = rsa2048
	}
	if s.subject.CommonName == "" {
		s.subject = pkix.Name{CommonName: s.cn}
	}
	serial, err := certgen.Serial(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: s.subject, DNSNames: s.dns,
		NotBefore: testNow.AddDate(-1, 0, 0), NotAfter: s.notAfter,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, s.key.Public(), caKey)
	if err != nil {
		tb.Fatal(err)
	}
	return der
}

// signCSR signs a request as the test CA would, for validity.
func signCSR(tb testing.TB, csrPEM []byte, validity time.Duration) []byte {
	tb.Helper()
	keys(tb)
	b, _ := pem.Decode(csrPEM)
	if b == nil {
		tb.Fatal("no PEM in the CSR")
	}
	cr, err := x509.ParseCertificateRequest(b.Bytes)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: cr.Subject, DNSNames: cr.DNSNames,
		NotBefore: testNow.Add(-time.Hour), NotAfter: testNow.Add(validity),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, cr.PublicKey, caKey)
	if err != nil {
		tb.Fatal(err)
	}
	return der
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// pfxOf wraps der and its key (rsa2048 unless given) in a PFX protected by
// the test password.
func pfxOf(tb testing.TB, der []byte, key ...crypto.Signer) []byte {
	tb.Helper()
	k := crypto.Signer(rsa2048)
	if len(key) > 0 {
		k = key[0]
	}
	out, err := certgen.PFX(der, k, testPassword)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// files is the operator machine's file system.
type files map[string][]byte

func (f files) read(path string) ([]byte, error) {
	b, ok := f[path]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", path, fs.ErrNotExist)
	}
	return append([]byte(nil), b...), nil
}

func (f files) write(path string, data []byte) error {
	f[path] = append([]byte(nil), data...)
	return nil
}

// inst returns a web certificate instance of source src with the spec's
// defaults left to New.
func inst(src string) spec.CertificateInst {
	in := spec.CertificateInst{WebCertificate: spec.WebCertificate{Source: src}, FQDN: testFQDN}
	switch src {
	case spec.CertSourcePFX:
		in.PFX = &spec.PFXFile{File: testPFXPath, Password: spec.SecretRef{Env: testPasswordEnv}}
	case spec.CertSourceCSR:
		in.CSR = &spec.CSRFiles{Dir: testCSRDir}
	}
	return in
}

// config returns a resource configuration on ops with the files fs.
func config(addr resources.Addr, ops *fakeOps, in spec.CertificateInst, fs files) Config {
	return Config{
		Addr:      addr,
		Ops:       ops,
		Inst:      in,
		LookupEnv: lookupEnv,
		ReadFile:  fs.read,
		WriteCSR:  fs.write,
		Now:       func() time.Time { return testNow },
		Rand:      rand.Reader,
	}
}
