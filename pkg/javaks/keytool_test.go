package javaks

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// These tests run the JDK's keytool: what we write must be what Java reads,
// and the other way round.

func TestKeytoolReadsWhatWeWrite(t *testing.T) {
	requireKeytool(t)
	a, b := newCA(t, "ad-ldaps"), newCA(t, "ece-web")
	tests := map[string]struct {
		typ     Type
		opt     EncodeOptions
		entries int
	}{
		"jks":               {JKS, EncodeOptions{}, 2},
		"pkcs12 modern2023": {PKCS12, EncodeOptions{PKCS12Encoder: Modern2023}, 2},
		"pkcs12 legacy des": {PKCS12, EncodeOptions{PKCS12Encoder: LegacyDES}, 2},
		"empty jks":         {JKS, EncodeOptions{}, 0},
		"empty pkcs12":      {PKCS12, EncodeOptions{}, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := New(tc.typ)
			if tc.entries > 0 {
				s.SetTrusted("MyDomainController", a, time.Now())
				s.SetTrusted("ece.example.com", b, time.Now())
			}
			data, err := s.Encode([]byte(testPassword), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(t.TempDir(), "store")
			if err := os.WriteFile(f, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := keytool(t, "-list", "-v", "-keystore", f, "-storepass", testPassword, "-storetype", storetype(tc.typ))
			want := []string{fmt.Sprintf("Your keystore contains %d entr", tc.entries)}
			if tc.entries > 0 {
				want = append(want,
					"Alias name: mydomaincontroller", "SHA256: "+SHA256Fingerprint(a),
					"Alias name: ece.example.com", "SHA256: "+SHA256Fingerprint(b),
					"Entry type: trustedCertEntry")
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("keytool -list does not show %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestWeReadWhatKeytoolWrites(t *testing.T) {
	requireKeytool(t)
	for _, typ := range []Type{JKS, PKCS12} {
		t.Run(typ.String(), func(t *testing.T) {
			dir := t.TempDir()
			a, b := newCA(t, "a"), newCA(t, "b")
			f := filepath.Join(dir, "store")
			before := time.Now().Add(-time.Minute)
			for alias, c := range map[string]string{"MyDomainController": writeDER(t, dir, "a", a), "root-ca": writeDER(t, dir, "b", b)} {
				keytool(t, "-importcert", "-noprompt", "-alias", alias, "-file", c,
					"-keystore", f, "-storepass", testPassword, "-storetype", storetype(typ))
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s := mustDecode(t, data, testPassword, typ)
			if got := strings.Join(s.Aliases(), ","); got != "mydomaincontroller,root-ca" {
				t.Fatalf("aliases %s", got)
			}
			e, _ := s.Lookup("MyDomainController")
			if e.SHA256 != SHA256Fingerprint(a) || e.PrivateKey {
				t.Errorf("mydomaincontroller: %+v", e)
			}
			if typ == JKS && (e.Created.Before(before) || e.Created.After(time.Now().Add(time.Minute))) {
				t.Errorf("creation date %v is not about now", e.Created)
			}
			if got := s.FindBySHA256(SHA256Fingerprint(b)); len(got) != 1 || got[0] != "root-ca" {
				t.Errorf("FindBySHA256(b) = %v", got)
			}
			if s.PKCS12Encoder() != Modern2023 {
				t.Errorf("a JDK 17 file should be re-written with Modern2023, got %s", s.PKCS12Encoder())
			}
			if _, err := Decode(data, []byte("wrong-password"), typ); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: got %v", err)
			}
		})
	}
}

// TestUnmanagedEntriesSurviveEdit edits a keytool-made JKS holding a private
// key entry and a trusted certificate: both come back byte for byte, and
// keytool can still use the key.
func TestUnmanagedEntriesSurviveEdit(t *testing.T) {
	requireKeytool(t)
	dir := t.TempDir()
	f := filepath.Join(dir, "ece.jks")
	keytool(t, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
		"-dname", "CN=ece-app-a", "-validity", "365",
		"-keystore", f, "-storepass", testPassword, "-keypass", testPassword, "-storetype", "JKS")
	keytool(t, "-importcert", "-noprompt", "-alias", "ca1", "-file", writeDER(t, dir, "ca1", newCA(t, "ca1")),
		"-keystore", f, "-storepass", testPassword, "-storetype", "JKS")
	orig, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	s := mustDecode(t, orig, testPassword, JKS)
	if e, ok := s.Lookup("server"); !ok || !e.PrivateKey || e.SHA256 == "" {
		t.Fatalf("server entry: %+v", e)
	}
	if got := len(s.Trusted()); got != 1 {
		t.Fatalf("Trusted() has %d entries, want 1 (the key entry is not a trust anchor)", got)
	}
	added := newCA(t, "ad")
	s.SetTrusted("mydomaincontroller", added, time.Now())
	edited := mustEncode(t, s, testPassword)
	if err := os.WriteFile(f, edited, 0o644); err != nil {
		t.Fatal(err)
	}

	rawByAlias := func(data []byte) map[string][]byte {
		pw, _ := jksPassword([]byte(testPassword))
		sc, err := scanJKS(data, pw)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for _, e := range sc {
			m[e.alias] = e.raw
		}
		return m
	}
	before, after := rawByAlias(orig), rawByAlias(edited)
	for _, alias := range []string{"server", "ca1"} {
		if !bytes.Equal(before[alias], after[alias]) {
			t.Errorf("entry %s changed", alias)
		}
	}
	if len(after) != 3 {
		t.Errorf("%d entries after the edit, want 3", len(after))
	}

	out := keytool(t, "-list", "-v", "-keystore", f, "-storepass", testPassword, "-storetype", "JKS")
	for _, w := range []string{"Your keystore contains 3 entries", "Entry type: PrivateKeyEntry",
		"Alias name: mydomaincontroller", "SHA256: " + SHA256Fingerprint(added)} {
		if !strings.Contains(out, w) {
			t.Errorf("keytool -list does not show %q:\n%s", w, out)
		}
	}
	// Signing a request needs the private key: it is still intact.
	keytool(t, "-certreq", "-alias", "server", "-keystore", f, "-storepass", testPassword,
		"-keypass", testPassword, "-storetype", "JKS", "-file", filepath.Join(dir, "server.csr"))
}

func TestUnmanagedPKCS12EntriesSurviveEdit(t *testing.T) {
	requireKeytool(t)
	dir := t.TempDir()
	f := filepath.Join(dir, "cacerts")
	ca1, ca2 := newCA(t, "ca1"), newCA(t, "ca2")
	keytool(t, "-importcert", "-noprompt", "-alias", "DigiCertRoot", "-file", writeDER(t, dir, "ca1", ca1),
		"-keystore", f, "-storepass", "changeit", "-storetype", "PKCS12")
	keytool(t, "-importcert", "-noprompt", "-alias", "other", "-file", writeDER(t, dir, "ca2", ca2),
		"-keystore", f, "-storepass", "changeit", "-storetype", "PKCS12")
	orig, _ := os.ReadFile(f)
	s := mustDecode(t, orig, "changeit", PKCS12)
	s.SetTrusted("ece.example.com", newCA(t, "ece"), time.Now())
	got := mustDecode(t, mustEncode(t, s, "changeit"), "changeit", PKCS12)
	for alias, c := range map[string][]byte{"digicertroot": ca1.Raw, "other": ca2.Raw} {
		it := got.items[alias]
		if it == nil || !bytes.Equal(it.der, c) {
			t.Errorf("entry %s changed", alias)
		}
	}
	if got.items["digicertroot"].name != "DigiCertRoot" {
		t.Errorf("friendly name %q, want DigiCertRoot as keytool wrote it", got.items["digicertroot"].name)
	}
}

func TestKeytoolPKCS12WithKeyIsRefused(t *testing.T) {
	requireKeytool(t)
	f := filepath.Join(t.TempDir(), "server.p12")
	keytool(t, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
		"-dname", "CN=server", "-keystore", f, "-storepass", testPassword, "-storetype", "PKCS12")
	data, _ := os.ReadFile(f)
	_, err := Decode(data, []byte(testPassword), PKCS12)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "only trust stores can be edited") {
		t.Fatalf("got %v, want ErrUnsupported about private keys", err)
	}
}

func TestKeytoolLatin1Password(t *testing.T) {
	requireKeytool(t)
	const pw = "contraseña"
	dir := t.TempDir()
	f := filepath.Join(dir, "store.jks")
	a := newCA(t, "a")
	keytool(t, "-importcert", "-noprompt", "-alias", "a", "-file", writeDER(t, dir, "a", a),
		"-keystore", f, "-storepass", pw, "-storetype", "JKS")
	data, _ := os.ReadFile(f)
	s := mustDecode(t, data, pw, JKS)
	s.SetTrusted("b", newCA(t, "b"), time.Now())
	if err := os.WriteFile(f, mustEncode(t, s, pw), 0o644); err != nil {
		t.Fatal(err)
	}
	out := keytool(t, "-list", "-keystore", f, "-storepass", pw, "-storetype", "JKS")
	if !strings.Contains(out, "Your keystore contains 2 entries") {
		t.Fatalf("keytool -list:\n%s", out)
	}
}
