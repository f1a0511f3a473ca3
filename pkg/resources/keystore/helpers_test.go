package keystore

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

const (
	testPasswordEnv = "ECE_KEYSTORE_PASSWORD"
	testPassword    = "s3cret-Pw"
	testPath        = `C:\ece\pcce\mydomain.jks`
)

var testNow = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)

func lookupEnv(name string) (string, bool) {
	if name == testPasswordEnv {
		return testPassword, true
	}
	return "", false
}

// newCA returns a self-signed ECDSA P-256 CA certificate named cn.
func newCA(tb testing.TB, cn string) *x509.Certificate {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func entry(alias string, c *x509.Certificate) spec.TrustEntry {
	return spec.TrustEntry{Alias: alias, Certificate: alias + ".cer", Cert: c}
}

// config returns a resource configuration for testPath on h.
func config(h host.Host, typ string, create bool, entries ...spec.TrustEntry) Config {
	return Config{
		Addr: resources.Addr{Kind: Kind, Name: "ad_truststore", Host: "ece-app-a"},
		Host: h,
		Store: spec.KeystoreStore{
			Path:     testPath,
			Type:     typ,
			Password: spec.SecretRef{Env: testPasswordEnv},
			Create:   create,
		},
		Entries:   entries,
		Now:       func() time.Time { return testNow },
		LookupEnv: lookupEnv,
	}
}

// encode writes s with the test password.
func encode(tb testing.TB, s *javaks.Store) []byte {
	tb.Helper()
	out, err := s.Encode([]byte(testPassword), javaks.EncodeOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// storeWith returns a store of type t holding the given alias/cert pairs.
func storeWith(t javaks.Type, pairs ...any) *javaks.Store {
	s := javaks.New(t)
	for i := 0; i < len(pairs); i += 2 {
		s.SetTrusted(pairs[i].(string), pairs[i+1].(*x509.Certificate), testNow)
	}
	return s
}
