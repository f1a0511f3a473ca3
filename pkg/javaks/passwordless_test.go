package javaks

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// A password-less PKCS12 trust store (the JDK 18+ cacerts) opens with any
// password; an edit must keep it password-less, not lock it with whatever
// password the caller gave.
func TestPasswordlessPKCS12StaysPasswordless(t *testing.T) {
	certs := []*x509.Certificate{newCA(t, "Passwordless Root A"), newCA(t, "Passwordless Root B")}
	data, err := pkcs12.Passwordless.EncodeTrustStoreEntries([]pkcs12.TrustStoreEntry{{Cert: certs[0], FriendlyName: "first"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode(data, []byte("any-password"), PKCS12)
	if err != nil {
		t.Fatal(err)
	}
	if s.PKCS12Encoder() != Passwordless {
		t.Fatalf("encoder = %s, want passwordless", s.PKCS12Encoder())
	}
	s.SetTrusted("second", certs[1], time.Unix(0, 0))
	out, err := s.Encode([]byte("any-password"), EncodeOptions{PKCS12Encoder: s.PKCS12Encoder()})
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(out, nil, PKCS12)
	if err != nil {
		t.Fatalf("the edited store no longer opens without a password: %v", err)
	}
	if back.Len() != 2 || back.PKCS12Encoder() != Passwordless {
		t.Errorf("len %d encoder %s", back.Len(), back.PKCS12Encoder())
	}
	requireKeytool(t)
	f := filepath.Join(t.TempDir(), "cacerts")
	if err := os.WriteFile(f, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if b := keytool(t, "-list", "-storetype", "PKCS12", "-keystore", f, "-storepass", "changeit"); !strings.Contains(b, "second,") {
		t.Errorf("keytool -list does not show the new entry:\n%s", b)
	}
}
