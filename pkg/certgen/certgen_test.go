package certgen

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"io"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

var testNow = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)

// counter is a deterministic random source: 0, 1, 2, ...
type counter struct{ n byte }

func (c *counter) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = c.n
		c.n++
	}
	return len(p), nil
}

func TestSelfSigned(t *testing.T) {
	req := Request{
		CommonName:   "ece.example.com",
		Organization: "Example",
		DNSNames:     []string{"ece.example.com", "chat.example.com"},
		KeySize:      2048,
		Validity:     825 * 24 * time.Hour,
	}
	der, key, err := SelfSigned(req, testNow, &counter{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]struct{ got, want any }{
		"subject":       {c.Subject.String(), "CN=ece.example.com,O=Example"},
		"issuer":        {c.Issuer.String(), "CN=ece.example.com,O=Example"},
		"dns names":     {c.DNSNames, req.DNSNames},
		"not before":    {c.NotBefore, testNow.Add(-time.Hour)},
		"not after":     {c.NotAfter, testNow.Add(req.Validity)},
		"key usage":     {c.KeyUsage, x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment},
		"ext key usage": {c.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}},
		"is CA":         {c.IsCA, false},
		"key size":      {key.N.BitLen(), 2048},
		"key matches":   {KeyMatches(c, key.Public()), true},
		"serial bits":   {c.SerialNumber.BitLen() <= 127 && c.SerialNumber.Sign() > 0, true},
	}
	for name, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %v, want %v", name, ch.got, ch.want)
		}
	}
	// The serial comes from the injected source.
	want, _ := Serial(&counter{})
	if c.SerialNumber.Cmp(want) != 0 {
		t.Errorf("serial %x, want %x from the injected source", c.SerialNumber, want)
	}
	if err := c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
		t.Errorf("not self-signed: %v", err)
	}
}

func TestSelfSignedRefusesBadRequests(t *testing.T) {
	good := Request{CommonName: "ece.example.com", KeySize: 2048, Validity: time.Hour}
	tests := map[string]struct {
		edit func(*Request)
		want string
	}{
		"key too small": {func(r *Request) { r.KeySize = 1024 }, "RSA key size 1024 is below 2048"},
		"no key size":   {func(r *Request) { r.KeySize = 0 }, "RSA key size 0 is below 2048"},
		"no name":       {func(r *Request) { r.CommonName = "" }, "no common name"},
		"no validity":   {func(r *Request) { r.Validity = 0 }, "validity 0s is not positive"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			req := good
			tt.edit(&req)
			_, _, err := SelfSigned(req, testNow, rand.Reader)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestPFXRoundTrip(t *testing.T) {
	req := Request{CommonName: "ece.example.com", DNSNames: []string{"ece.example.com"}, KeySize: 2048, Validity: time.Hour}
	der, key, err := SelfSigned(req, testNow, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pw, err := RandomPassword(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pfx, err := PFX(der, key, pw)
	if err != nil {
		t.Fatal(err)
	}
	gotKey, gotCert, cas, err := pkcs12.DecodeChain(pfx, pw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotCert.Raw, der) || len(cas) != 0 {
		t.Errorf("the PFX holds another certificate or a chain")
	}
	if k, ok := gotKey.(*rsa.PrivateKey); !ok || !k.Equal(key) {
		t.Errorf("the PFX holds another key")
	}
	if _, _, _, err := pkcs12.DecodeChain(pfx, "wrong"); !errors.Is(err, pkcs12.ErrIncorrectPassword) {
		t.Errorf("wrong password: %v, want ErrIncorrectPassword", err)
	}

	other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PFX(der, other, pw); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Errorf("another key: %v, want a refusal", err)
	}
	if _, err := PFX([]byte("junk"), key, pw); err == nil {
		t.Error("junk certificate: want an error")
	}
}

func TestThumbprintAndSHA256(t *testing.T) {
	// FIPS 180 test vector: SHA-1("abc"), SHA-256("abc").
	if got := Thumbprint([]byte("abc")); got != "A9993E364706816ABA3E25717850C26C9CD0D89D" {
		t.Errorf("Thumbprint = %s", got)
	}
	if got := SHA256([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SHA256 = %s", got)
	}
}

func TestInspect(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7),
		Subject:      pkix.Name{CommonName: "ece.example.com"},
		DNSNames:     []string{"ece.example.com", "chat.example.com"},
		NotBefore:    testNow,
		NotAfter:     testNow.Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &ec.PublicKey, ec)
	if err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(der)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	sum := sha1.Sum(der)
	want := Info{
		Subject:         "CN=ece.example.com",
		CommonName:      "ece.example.com",
		DNSNames:        []string{"ece.example.com", "chat.example.com"},
		KeyAlgorithm:    "ECDSA",
		KeySize:         384,
		NotBefore:       testNow,
		NotAfter:        testNow.Add(24 * time.Hour),
		Thumbprint:      strings.ToUpper(hex.EncodeToString(sum[:])),
		SHA256:          SHA256(der),
		PublicKeySHA256: SHA256(c.RawSubjectPublicKeyInfo),
	}
	if !reflect.DeepEqual(info, want) {
		t.Errorf("Inspect =\n%+v\nwant\n%+v", info, want)
	}
	if _, err := Inspect([]byte("junk")); err == nil {
		t.Error("junk: want an error")
	}
}

func TestRandomPassword(t *testing.T) {
	a, err := RandomPassword(&counter{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RandomPassword(&counter{})
	c, _ := RandomPassword(&counter{n: 1})
	if a != b || a == c || len(a) != 2*passwordBytes {
		t.Errorf("passwords %q %q %q: want reproducible from the source, %d hex digits", a, b, c, 2*passwordBytes)
	}
	if _, err := RandomPassword(io.LimitReader(rand.Reader, 3)); err == nil {
		t.Error("short source: want an error")
	}
}

func TestSerial(t *testing.T) {
	tests := map[string]struct {
		src  io.Reader
		want string
	}{
		"high bit cleared": {bytes.NewReader(bytes.Repeat([]byte{0xff}, 16)), "7fffffffffffffffffffffffffffffff"},
		"zero becomes one": {bytes.NewReader(make([]byte, 16)), "1"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			n, err := Serial(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if n.Text(16) != tt.want {
				t.Errorf("serial %s, want %s", n.Text(16), tt.want)
			}
		})
	}
}
