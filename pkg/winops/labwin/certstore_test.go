package labwin

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// testPFX is a PFX made as a CA or Windows would hand it over: leaf, key
// and the issuing CA.
type testPFX struct {
	leaf *x509.Certificate
	key  crypto.Signer
	ca   testCA
	data []byte
}

func makePFX(t testing.TB, enc *pkcs12.Encoder, key crypto.Signer, password string) testPFX {
	t.Helper()
	ca := newCA(t)
	leaf := ca.issue(t, "ece.example.com", key.Public())
	data, err := enc.Encode(key, leaf, []*x509.Certificate{ca.cert}, password)
	if err != nil {
		t.Fatal(err)
	}
	return testPFX{leaf: leaf, key: key, ca: ca, data: data}
}

// sha1Upper is the thumbprint as Windows shows it, computed independently.
func sha1Upper(der []byte) string { return fmt.Sprintf("%X", sha1.Sum(der)) }

func TestImportPFX(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		enc *pkcs12.Encoder
		key crypto.Signer
	}{
		"Modern2023, ECDSA":          {pkcs12.Modern2023, newKey(t)},
		"Modern2023, RSA":            {pkcs12.Modern2023, rsaKey},
		"LegacyDES (older Windows)":  {pkcs12.LegacyDES, newKey(t)},
		"LegacyRC2 (OpenSSL 1.x)":    {pkcs12.LegacyRC2, newKey(t)},
		"Modern2026 (PBMAC1)":        {pkcs12.Modern2026, newKey(t)},
		"empty password, Modern2023": {pkcs12.Modern2023, newKey(t)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			password := "pfx-pass"
			if strings.HasPrefix(name, "empty password") {
				password = ""
			}
			p := makePFX(t, tc.enc, tc.key, password)
			root := t.TempDir()
			o := New(root)
			tp, err := o.ImportPFX(context.Background(), p.data, password, "ECE web")
			if err != nil {
				t.Fatal(err)
			}
			if want := sha1Upper(p.leaf.Raw); tp != want {
				t.Errorf("thumbprint = %s, want %s", tp, want)
			}
			certs, err := o.Certificates(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := winops.Cert{Thumbprint: tp, HasPrivateKey: true, FriendlyName: "ECE web"}
			if len(certs) != 1 || certs[0].Thumbprint != want.Thumbprint || !certs[0].HasPrivateKey || certs[0].FriendlyName != want.FriendlyName || string(certs[0].DER) != string(p.leaf.Raw) {
				t.Errorf("Certificates = %+v, want only the leaf %+v (the CA is not for My)", certs, want)
			}

			// Again: not an error, still one certificate, name kept when
			// none is given.
			if tp2, err := o.ImportPFX(context.Background(), p.data, password, ""); err != nil || tp2 != tp {
				t.Errorf("second import = %s, %v", tp2, err)
			}
			certs, _ = o.Certificates(context.Background())
			if len(certs) != 1 || certs[0].FriendlyName != "ECE web" {
				t.Errorf("after a second import: %+v", certs)
			}
		})
	}
}

func TestImportPFXRefusals(t *testing.T) {
	good := makePFX(t, pkcs12.Modern2023, newKey(t), "right")
	other := newKey(t)
	mismatched, err := pkcs12.Modern2023.Encode(other, good.leaf, nil, "right")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		data     []byte
		password string
		want     string
	}{
		"wrong password":              {good.data, "wrong", "password is not correct"},
		"not a PFX":                   {[]byte("hello"), "right", "importing PFX"},
		"key of another certificate":  {mismatched, "right", "does not match"},
		"truncated":                   {good.data[:len(good.data)/2], "right", "importing PFX"},
		"empty password on protected": {good.data, "", "password is not correct"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			if _, err := SeedCert(root, newCA(t).cert.Raw, nil, "already there"); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, root)
			_, err := New(root).ImportPFX(context.Background(), tc.data, tc.password, "x")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ImportPFX: %v, want an error containing %q", err, tc.want)
			}
			if !sameSnapshot(before, snapshot(t, root)) {
				t.Error("a refused import changed the store")
			}
		})
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	p := makePFX(t, pkcs12.LegacyDES, newKey(t), "in")
	a := New(t.TempDir())
	tp, err := a.ImportPFX(context.Background(), p.data, "in", "ECE web")
	if err != nil {
		t.Fatal(err)
	}
	out, err := a.ExportPFX(context.Background(), strings.ToLower(tp), "out")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := pkcs12.DecodeChain(out, "out"); err != nil {
		t.Errorf("exported PFX does not decode with its password: %v", err)
	}
	b := New(t.TempDir())
	tp2, err := b.ImportPFX(context.Background(), out, "out", "copy")
	if err != nil {
		t.Fatal(err)
	}
	if tp2 != tp {
		t.Errorf("thumbprint after export and import = %s, want %s", tp2, tp)
	}
	certs, _ := b.Certificates(context.Background())
	if len(certs) != 1 || !certs[0].HasPrivateKey {
		t.Errorf("second server's store = %+v", certs)
	}
}

func TestExportRefusals(t *testing.T) {
	root := t.TempDir()
	noKey, err := SeedCert(root, newCA(t).cert.Raw, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		thumbprint string
		notFound   bool
		want       string
	}{
		"unknown thumbprint":   {strings.Repeat("AB", 20), true, "not found"},
		"not a thumbprint":     {`..\..\secret`, true, "not a thumbprint"},
		"certificate, no key":  {noKey, false, "no private key"},
		"thumbprint too short": {"ABCD", true, "not a thumbprint"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := New(root).ExportPFX(context.Background(), tc.thumbprint, "pw")
			if err == nil || !strings.Contains(err.Error(), tc.want) || errors.Is(err, winops.ErrCertNotFound) != tc.notFound {
				t.Errorf("ExportPFX: %v, want an error containing %q (ErrCertNotFound: %v)", err, tc.want, tc.notFound)
			}
		})
	}
}

func TestCertificateGainsItsKey(t *testing.T) {
	root := t.TempDir()
	p := makePFX(t, pkcs12.Modern2023, newKey(t), "pw")
	tp, err := SeedCert(root, p.leaf.Raw, nil, "public only")
	if err != nil {
		t.Fatal(err)
	}
	o := New(root)
	certs, _ := o.Certificates(context.Background())
	if len(certs) != 1 || certs[0].Thumbprint != tp || certs[0].HasPrivateKey {
		t.Fatalf("seeded .cer = %+v", certs)
	}
	if _, err := o.ImportPFX(context.Background(), p.data, "pw", ""); err != nil {
		t.Fatal(err)
	}
	certs, _ = o.Certificates(context.Background())
	if len(certs) != 1 || !certs[0].HasPrivateKey || certs[0].FriendlyName != "public only" {
		t.Errorf("after importing the key: %+v", certs)
	}
	if _, err := os.Stat(filepath.Join(myDir(root), tp+".cer")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the .cer is still there beside the .pfx: %v", err)
	}
}

func TestStoredPFXIsReadable(t *testing.T) {
	root := t.TempDir()
	p := makePFX(t, pkcs12.Modern2023, newKey(t), "pw")
	tp, err := New(root).ImportPFX(context.Background(), p.data, "pw", "")
	if err != nil {
		t.Fatal(err)
	}
	path := CertPath(root, tp)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("go-pkcs12", func(t *testing.T) {
		key, leaf, cas, err := pkcs12.DecodeChain(data, "")
		if err != nil {
			t.Fatal(err)
		}
		if sha1Upper(leaf.Raw) != tp || len(cas) != 0 || keyMatches(leaf, key) != nil {
			t.Errorf("stored PFX holds %s with %d CA certificates", sha1Upper(leaf.Raw), len(cas))
		}
	})
	t.Run("keytool", func(t *testing.T) {
		keytool, err := exec.LookPath("keytool")
		if err != nil {
			t.Skip("keytool not installed")
		}
		out, err := exec.Command(keytool, "-list", "-storetype", "PKCS12", "-keystore", path, "-storepass", "").CombinedOutput()
		if err != nil {
			t.Fatalf("keytool: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "contains 1 entry") || !strings.Contains(string(out), "PrivateKeyEntry") {
			t.Errorf("keytool does not see one private key entry:\n%s", out)
		}
	})
}

func TestSeedCert(t *testing.T) {
	root := t.TempDir()
	key := newKey(t)
	leaf := newCA(t).issue(t, "ece.example.com", key.Public())
	tests := map[string]struct {
		key     crypto.Signer
		wantKey bool
		wantErr string
	}{
		"with key":              {key, true, ""},
		"without key":           {nil, false, ""},
		"key of another public": {newKey(t), false, "does not match"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := filepath.Join(root, strings.ReplaceAll(name, " ", "-"))
			tp, err := SeedCert(r, leaf.Raw, tc.key, "ECE")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("SeedCert: %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			certs, err := New(r).Certificates(context.Background())
			if err != nil || len(certs) != 1 || certs[0].Thumbprint != tp || certs[0].HasPrivateKey != tc.wantKey {
				t.Errorf("Certificates = %+v, %v", certs, err)
			}
		})
	}
}

// TestErrorsNeverHoldThePassword runs every failure a password reaches and
// looks for it in the error, and every success and looks for it on disk.
func TestErrorsNeverHoldThePassword(t *testing.T) {
	const secret = "Zebra-Quokka-7731!"
	ctx := context.Background()
	good := makePFX(t, pkcs12.Modern2023, newKey(t), secret)
	other := makePFX(t, pkcs12.Modern2023, newKey(t), "another")
	root := t.TempDir()
	o := New(root)
	noKey, err := SeedCert(root, newCA(t).cert.Raw, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	failures := map[string]func() error{
		"import, wrong password": func() error { _, err := o.ImportPFX(ctx, other.data, secret, ""); return err },
		"import, not a PFX":      func() error { _, err := o.ImportPFX(ctx, []byte(secret), secret, ""); return err },
		"import, cancelled":      func() error { _, err := o.ImportPFX(cancelled, good.data, secret, ""); return err },
		"export, unknown":        func() error { _, err := o.ExportPFX(ctx, strings.Repeat("0", 40), secret); return err },
		"export, no key":         func() error { _, err := o.ExportPFX(ctx, noKey, secret); return err },
	}
	for name, f := range failures {
		t.Run(name, func(t *testing.T) {
			err := f()
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error holds the password: %v", err)
			}
		})
	}

	tp, err := o.ImportPFX(ctx, good.data, secret, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.ExportPFX(ctx, tp, secret); err != nil {
		t.Fatal(err)
	}
	for rel, content := range snapshot(t, root) {
		if strings.Contains(rel, secret) || strings.Contains(content, secret) {
			t.Errorf("%s holds the password", rel)
		}
	}
}

// TestWithRandFeedsPFXSalts shows that the injected randomness reaches
// the PFX encoder: the same seed exports the same bytes.
func TestWithRandFeedsPFXSalts(t *testing.T) {
	root := t.TempDir()
	key := newKey(t)
	tp, err := SeedCert(root, newCA(t).issue(t, "ece.example.com", key.Public()).Raw, key, "")
	if err != nil {
		t.Fatal(err)
	}
	export := func(seed byte) []byte {
		o := New(root, WithRand(mrand.NewChaCha8([32]byte{seed})))
		pfx, err := o.ExportPFX(context.Background(), tp, "pw")
		if err != nil {
			t.Fatal(err)
		}
		return pfx
	}
	if !bytes.Equal(export(1), export(1)) {
		t.Error("the same seed exported different bytes: WithRand is not used")
	}
	if bytes.Equal(export(1), export(2)) {
		t.Error("different seeds exported the same bytes")
	}
}

func TestImportPFXLeafNotFirst(t *testing.T) {
	key := newKey(t)
	ca := newCA(t)
	leaf := ca.issue(t, "ece.example.com", key.Public())
	// go-pkcs12 writes the certificate given as leaf first; give it the CA
	// so the real leaf comes second, as some exporters order it.
	pfx, err := pkcs12.Modern2023.Encode(key, ca.cert, []*x509.Certificate{leaf}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	tp, err := New(t.TempDir()).ImportPFX(context.Background(), pfx, "pw", "")
	if err != nil || tp != sha1Upper(leaf.Raw) {
		t.Errorf("ImportPFX = %s, %v; want the leaf %s", tp, err, sha1Upper(leaf.Raw))
	}
}
