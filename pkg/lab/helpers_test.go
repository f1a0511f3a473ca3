package lab

import (
	"crypto/x509"
	"encoding/pem"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testNow is the lab clock of every test.
var testNow = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)

// testOptions are deterministic options: a fixed clock and a seeded
// ChaCha8 stream.
func testOptions(seed byte) Options {
	var s [32]byte
	s[0] = seed
	return Options{Now: func() time.Time { return testNow }, Rand: rand.NewChaCha8(s)}
}

// newLab seeds a lab into a fresh temporary folder.
func newLab(t *testing.T) *Lab {
	t.Helper()
	l, err := Init(filepath.Join(t.TempDir(), "lab"), testOptions(1))
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	return l
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readCert parses the single PEM certificate in path.
func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	block, rest := pem.Decode(readFile(t, path))
	if block == nil || block.Type != "CERTIFICATE" || len(rest) != 0 {
		t.Fatalf("%s: want exactly one PEM CERTIFICATE block", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}
