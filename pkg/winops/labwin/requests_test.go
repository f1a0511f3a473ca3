package labwin

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// sign has the test CA answer a PEM request.
func (ca testCA) sign(t *testing.T, csrPEM []byte) *x509.Certificate {
	t.Helper()
	blk, _ := pem.Decode(csrPEM)
	if blk == nil || blk.Type != "CERTIFICATE REQUEST" {
		t.Fatalf("not a PEM CERTIFICATE REQUEST:\n%s", csrPEM)
	}
	csr, err := x509.ParseCertificateRequest(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if err := csr.CheckSignature(); err != nil {
		t.Fatalf("request signature: %v", err)
	}
	serial++
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      csr.Subject,
		DNSNames:     csr.DNSNames,
		NotBefore:    t0.Add(-time.Hour),
		NotAfter:     t0.Add(365 * 24 * time.Hour),
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.cert, csr.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var eceRequest = winops.CertRequest{
	CommonName:   "ece.example.com",
	Organization: "Example Corp",
	DNSNames:     []string{"ece.example.com", "eceweb01.example.com"},
	KeySize:      2048,
	FriendlyName: "ECE web 2026",
}

func TestRequestLifecycle(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	o := New(root)

	pr, err := o.NewRequest(ctx, eceRequest)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(pr.CSR)
	csr, err := x509.ParseCertificateRequest(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if csr.Subject.CommonName != eceRequest.CommonName || !slices.Equal(csr.Subject.Organization, []string{"Example Corp"}) || !slices.Equal(csr.DNSNames, eceRequest.DNSNames) {
		t.Errorf("request asks for %v %v", csr.Subject, csr.DNSNames)
	}
	if pub, ok := csr.PublicKey.(*rsa.PublicKey); !ok || pub.N.BitLen() != 2048 {
		t.Errorf("request key = %T, want RSA 2048", csr.PublicKey)
	}
	sum := sha256.Sum256(csr.RawSubjectPublicKeyInfo)
	if want := hex.EncodeToString(sum[:]); pr.PublicKeySHA256 != want || pr.ID != want[:16] {
		t.Errorf("request id %s, key hash %s; want %s, %s", pr.ID, pr.PublicKeySHA256, want[:16], want)
	}
	keyFile := filepath.Join(requestDir(root), pr.ID+".key")
	fi, err := os.Stat(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(keyFile); !strings.HasPrefix(string(b), "-----BEGIN PRIVATE KEY-----") {
		t.Errorf("key file is not a PEM PRIVATE KEY")
	}

	pending, err := o.PendingRequests(ctx)
	if err != nil || len(pending) != 1 || pending[0].ID != pr.ID || pending[0].PublicKeySHA256 != pr.PublicKeySHA256 || string(pending[0].CSR) != string(pr.CSR) {
		t.Fatalf("PendingRequests = %+v, %v; want the new request", pending, err)
	}

	ca := newCA(t)
	cert := ca.sign(t, pr.CSR)
	tp, err := o.CompleteRequest(ctx, cert.Raw)
	if err != nil {
		t.Fatal(err)
	}
	if tp != sha1Upper(cert.Raw) {
		t.Errorf("thumbprint = %s, want %s", tp, sha1Upper(cert.Raw))
	}
	certs, err := o.Certificates(ctx)
	if err != nil || len(certs) != 1 || certs[0].Thumbprint != tp || !certs[0].HasPrivateKey || certs[0].FriendlyName != eceRequest.FriendlyName {
		t.Errorf("Certificates = %+v, %v; want the signed certificate with its key and name", certs, err)
	}
	if pending, err := o.PendingRequests(ctx); err != nil || len(pending) != 0 {
		t.Errorf("PendingRequests after completion = %+v, %v", pending, err)
	}
	if ents, _ := os.ReadDir(requestDir(root)); len(ents) != 0 {
		t.Errorf("request files left: %v", ents)
	}
	// The key made on the host is the one now in My: it exports.
	if _, err := o.ExportPFX(ctx, tp, "pw"); err != nil {
		t.Errorf("ExportPFX of the completed certificate: %v", err)
	}
}

func TestCompleteRequestForAnotherKey(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	o := New(root)
	if _, err := o.NewRequest(ctx, eceRequest); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, root)
	stranger := newCA(t).issue(t, "ece.example.com", newKey(t).Public())
	_, err := o.CompleteRequest(ctx, stranger.Raw)
	if err == nil || !strings.Contains(err.Error(), "no pending request for this certificate's key") {
		t.Errorf("CompleteRequest: %v, want no pending request", err)
	}
	if _, err := o.CompleteRequest(ctx, []byte("not DER")); err == nil {
		t.Error("CompleteRequest of garbage succeeded")
	}
	if !sameSnapshot(before, snapshot(t, root)) {
		t.Error("a refused completion changed files")
	}
}

func TestNewRequestRefusals(t *testing.T) {
	tests := map[string]struct {
		req  winops.CertRequest
		want string
	}{
		"no common name": {winops.CertRequest{KeySize: 2048}, "empty common name"},
		"1024-bit key":   {winops.CertRequest{CommonName: "ece.example.com", KeySize: 1024}, "key size 1024"},
		"no key size":    {winops.CertRequest{CommonName: "ece.example.com"}, "key size 0"},
		"absurd key":     {winops.CertRequest{CommonName: "ece.example.com", KeySize: 1 << 20}, "key size"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			_, err := New(root).NewRequest(context.Background(), tc.req)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewRequest: %v, want %q", err, tc.want)
			}
			if files := snapshot(t, root); len(files) != 0 {
				t.Errorf("files written: %v", files)
			}
		})
	}
}

func TestPendingRequestsIgnoresOtherFiles(t *testing.T) {
	root := t.TempDir()
	dir := requestDir(root)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{".x.csr.tmp-1", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := New(root).PendingRequests(context.Background()); err != nil || len(got) != 0 {
		t.Errorf("PendingRequests = %+v, %v; want none", got, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.csr"), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(root).PendingRequests(context.Background()); err == nil {
		t.Error("a corrupt request is not reported")
	}
}
