package pfx

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"math/big"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

func newCert(t *testing.T, cn string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, key
}

func TestReadTrustStoreEncoders(t *testing.T) {
	a, _ := newCert(t, "a")
	b, _ := newCert(t, "b")
	entries := []pkcs12.TrustStoreEntry{
		{Cert: a, FriendlyName: "MyDomainController"},
		{Cert: b, FriendlyName: "contraseña-ñ"},
	}
	tests := map[string]struct {
		enc      *pkcs12.Encoder
		password string
		legacy   bool
	}{
		"modern 2023":             {pkcs12.Modern2023, "changeit", false},
		"modern 2026 pbmac1":      {pkcs12.Modern2026, "changeit", false},
		"legacy des":              {pkcs12.LegacyDES, "changeit", true},
		"legacy rc2 (old jdk 8)":  {pkcs12.LegacyRC2, "changeit", true},
		"passwordless":            {pkcs12.Passwordless, "", true},
		"non-ascii password":      {pkcs12.Modern2023, "contraseña€", false},
		"non-ascii password, des": {pkcs12.LegacyDES, "contraseña€", true},
		"empty password":          {pkcs12.Modern2023, "", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			data, err := tc.enc.EncodeTrustStoreEntries(entries, tc.password)
			if err != nil {
				t.Fatal(err)
			}
			bags, info, err := ReadTrustStore(data, tc.password)
			if err != nil {
				t.Fatalf("ReadTrustStore: %v", err)
			}
			if info.Legacy != tc.legacy {
				t.Errorf("legacy %v, want %v", info.Legacy, tc.legacy)
			}
			if len(bags) != 2 {
				t.Fatalf("got %d bags, want 2", len(bags))
			}
			for i, want := range entries {
				got := bags[i]
				if got.FriendlyName != want.FriendlyName || !got.HasFriendlyName {
					t.Errorf("bag %d: friendly name %q, want %q", i, got.FriendlyName, want.FriendlyName)
				}
				if !got.Trusted || got.KeyID {
					t.Errorf("bag %d: trusted=%v keyID=%v, want trusted only", i, got.Trusted, got.KeyID)
				}
				if !bytes.Equal(got.DER, want.Cert.Raw) {
					t.Errorf("bag %d: certificate differs", i)
				}
			}
			if tc.password != "" {
				if _, _, err := ReadTrustStore(data, tc.password+"x"); !errors.Is(err, ErrPassword) {
					t.Errorf("wrong password: got %v, want ErrPassword", err)
				}
			}
		})
	}
}

func TestReadTrustStoreRefuses(t *testing.T) {
	a, key := newCert(t, "a")
	withKey, err := pkcs12.Modern2023.Encode(key, a, nil, "changeit")
	if err != nil {
		t.Fatal(err)
	}
	good, err := pkcs12.Modern2023.EncodeTrustStoreEntries([]pkcs12.TrustStoreEntry{{Cert: a, FriendlyName: "a"}}, "changeit")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		data []byte
		want error
	}{
		"private key":    {withKey, ErrUnsupported},
		"empty":          {nil, ErrMalformed},
		"truncated":      {good[:len(good)/2], ErrMalformed},
		"trailing bytes": {append(append([]byte{}, good...), 0), ErrMalformed},
		"ber indefinite": {[]byte{0x30, 0x80, 0x02, 0x01, 0x03, 0, 0}, ErrUnsupported},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, _, err := ReadTrustStore(tc.data, "changeit")
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if bytes.Contains([]byte(err.Error()), []byte("changeit")) {
				t.Fatalf("error contains the password: %v", err)
			}
		})
	}
}

func TestKDFVectors(t *testing.T) {
	// Vectors from golang.org/x/crypto/pkcs12 (pbkdf_test.go): a 3DES key
	// longer than one SHA-1 output, and an I_j that gets a leading zero byte.
	tests := map[string]struct {
		salt, password []byte
		iterations     int
		want           string
	}{
		"long key": {
			salt: []byte("\xff\xff\xff\xff\xff\xff\xff\xff"), password: bmpPassword("sesame"), iterations: 2048,
			want: "7cd9fd3e2b3be7691a44e3bef0f9ea0fb9b897d4e325d9d1",
		},
		"leading zeros": {
			salt: []byte("\xf3\x7e\x05\xb5\x18\x32\x4b\x4b"), password: []byte{0, 0}, iterations: 2048,
			want: "00f759ff47d14dd03665d5943cb3c4a39a2555c02aed66e1",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := hex.EncodeToString(kdf(sha1Alg, idKey, tc.salt, tc.password, tc.iterations, 24))
			if got != tc.want {
				t.Fatalf("kdf = %s, want %s", got, tc.want)
			}
		})
	}
}
