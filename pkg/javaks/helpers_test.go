package javaks

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

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
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"ecereconcile test"}},
		NotBefore:             time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
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

// requireKeytool skips the test when keytool is not installed, unless CI is
// set: there, a missing keytool is a broken runner.
func requireKeytool(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("keytool"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("keytool is required when CI is set: %v", err)
		}
		t.Skip("keytool not found; install a JDK to run the interoperability tests")
	}
}

// keytool runs keytool with args and returns its combined output; a failure
// fails the test.
func keytool(t *testing.T, args ...string) string {
	t.Helper()
	out, err := keytoolErr(t, args...)
	if err != nil {
		t.Fatalf("keytool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func keytoolErr(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("keytool", args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "LANG=C.UTF-8", "JAVA_TOOL_OPTIONS=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// storetype is keytool's -storetype value.
func storetype(t Type) string {
	if t == PKCS12 {
		return "PKCS12"
	}
	return "JKS"
}

// writeDER writes cert as a DER file in dir and returns its path.
func writeDER(t *testing.T, dir, name string, cert *x509.Certificate) string {
	t.Helper()
	p := filepath.Join(dir, name+".der")
	if err := os.WriteFile(p, cert.Raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustEncode(tb testing.TB, s *Store, password string) []byte {
	tb.Helper()
	out, err := s.Encode([]byte(password), EncodeOptions{})
	if err != nil {
		tb.Fatalf("Encode: %v", err)
	}
	return out
}

func mustDecode(tb testing.TB, data []byte, password string, typ Type) *Store {
	tb.Helper()
	s, err := Decode(data, []byte(password), typ)
	if err != nil {
		tb.Fatalf("Decode: %v", err)
	}
	return s
}

func mustKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}
