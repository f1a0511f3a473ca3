package lab

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
	"github.com/ecereconcile/ecereconcile/pkg/winops/labwin"
)

func TestCertificates(t *testing.T) {
	l := newLab(t)
	tests := map[string]struct {
		cert, key string
		cn        string
		dns       []string
	}{
		"ad domain controller": {ADCertFile, ADKeyFile, "dc1.lab.example.com",
			[]string{"dc1.lab.example.com", "lab.example.com", "localhost"}},
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
			if !c.NotBefore.Equal(testNow) || !c.NotAfter.Equal(testNow.AddDate(certValidity, 0, 0)) {
				t.Errorf("validity %v..%v, want %v for %d years", c.NotBefore, c.NotAfter, testNow, certValidity)
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

// TestSeededIIS checks the web servers' "before": no https binding on
// ece-web-a; on ece-web-b one with a host name and SNI, bound in http.sys to
// a certificate that is not valid for the access FQDN.
func TestSeededIIS(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	for _, h := range []string{"ece-web-a", "ece-web-b"} {
		t.Run(h, func(t *testing.T) {
			ops := labwin.New(HostDir(l.Dir, h))
			site, err := ops.Site(ctx, winops.DefaultSite)
			if err != nil {
				t.Fatal(err)
			}
			want := []winops.Binding{{Protocol: "http", Information: "*:80:"}}
			if h == OldWebCertHost {
				want = append(want, winops.Binding{Protocol: "https", Information: "*:443:ece-web-b.lab.example.com", SSLFlags: winops.SSLFlagSNI})
			}
			if !slices.Equal(site.Bindings, want) || site.ID != 1 {
				t.Errorf("site %+v, want id 1 and bindings %+v", site, want)
			}
			certs, err := ops.Certificates(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ssl, err := ops.SSLBindings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if h != OldWebCertHost {
				if len(certs) != 0 || len(ssl) != 0 {
					t.Errorf("certs %d, ssl bindings %d; want none", len(certs), len(ssl))
				}
				return
			}
			if len(certs) != 1 || !certs[0].HasPrivateKey || len(ssl) != 1 {
				t.Fatalf("certs %+v, ssl %+v; want one certificate with a key, one binding", certs, ssl)
			}
			c, err := x509.ParseCertificate(certs[0].DER)
			if err != nil {
				t.Fatal(err)
			}
			if c.VerifyHostname(ECEFQDN) == nil {
				t.Errorf("the old certificate is valid for %s; it must not be", ECEFQDN)
			}
			if ssl[0].Endpoint != "ece-web-b.lab.example.com:443" || ssl[0].CertHash != certs[0].Thumbprint {
				t.Errorf("ssl binding %+v, want the SNI endpoint bound to %s", ssl[0], certs[0].Thumbprint)
			}
		})
	}
}
