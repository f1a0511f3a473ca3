package lab

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"path/filepath"
	"slices"
	"testing"
)

func TestCertificates(t *testing.T) {
	l := newLab(t)
	tests := map[string]struct {
		cert, key string
		cn        string
		dns       []string
	}{
		"ece web": {WebCertFile, WebKeyFile, "ece.lab.example.com",
			[]string{"ece.lab.example.com", "ece-web-a.lab.example.com", "ece-web-b.lab.example.com"}},
		"ad domain controller": {ADCertFile, ADKeyFile, "dc1.lab.example.com",
			[]string{"dc1.lab.example.com", "lab.example.com"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c := readCert(t, filepath.Join(l.Dir, tt.cert))
			if c.Subject.CommonName != tt.cn {
				t.Errorf("CN = %q, want %q", c.Subject.CommonName, tt.cn)
			}
			if !slices.Equal(c.DNSNames, tt.dns) {
				t.Errorf("DNS SANs = %v, want %v", c.DNSNames, tt.dns)
			}
			if !slices.Equal(c.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) {
				t.Errorf("EKU = %v, want serverAuth", c.ExtKeyUsage)
			}
			if err := c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil ||
				!bytes.Equal(c.RawIssuer, c.RawSubject) {
				t.Errorf("not self-signed: %v", err)
			}
			if !c.NotBefore.Equal(testNow) || !c.NotAfter.Equal(testNow.AddDate(2, 0, 0)) {
				t.Errorf("validity %v..%v, want %v for 2 years", c.NotBefore, c.NotAfter, testNow)
			}
			if err := c.VerifyHostname(tt.cn); err != nil {
				t.Error(err)
			}
			pub, ok := c.PublicKey.(*rsa.PublicKey)
			if !ok || pub.N.BitLen() != 2048 {
				t.Fatalf("public key %T, want RSA 2048", c.PublicKey)
			}
			block, _ := pem.Decode(readFile(t, filepath.Join(l.Dir, tt.key)))
			if block == nil || block.Type != "PRIVATE KEY" {
				t.Fatal("key is not a PEM PKCS#8 PRIVATE KEY")
			}
			k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			if !pub.Equal(k.(*rsa.PrivateKey).Public()) {
				t.Error("private key does not match the certificate")
			}
		})
	}
}

func TestRandomSerial(t *testing.T) {
	tests := map[string][]byte{
		"all zero": make([]byte, 16),
		"all ones": {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := randomSerial(bytesReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if s.Sign() <= 0 || s.BitLen() != 127 {
				t.Errorf("serial %v: want positive, 127 bits", s)
			}
		})
	}
}
