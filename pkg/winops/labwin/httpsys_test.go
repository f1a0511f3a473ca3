package labwin

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

func TestSetSSLBinding(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	ca := newCA(t)
	k1, k2 := newKey(t), newKey(t)
	tp1, err := SeedCert(root, ca.issue(t, "ece.example.com", k1.Public()).Raw, k1, "")
	if err != nil {
		t.Fatal(err)
	}
	tp2, err := SeedCert(root, ca.issue(t, "ece.example.com", k2.Public()).Raw, k2, "")
	if err != nil {
		t.Fatal(err)
	}
	o := New(root)
	if got, err := o.SSLBindings(ctx); err != nil || len(got) != 0 {
		t.Fatalf("SSLBindings of a new host = %v, %v", got, err)
	}

	ip := winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: strings.ToLower(tp1), AppID: strings.ToUpper(winops.IISAppID), CertStoreName: winops.StoreMy}
	sni := winops.SSLBinding{Endpoint: "ece.example.com:443", CertHash: tp2, AppID: winops.IISAppID, CertStoreName: winops.StoreMy}
	admin := winops.SSLBinding{Endpoint: "10.0.0.5:8443", CertHash: tp2, AppID: winops.IISAppID, CertStoreName: "My"}
	steps := []struct {
		name string
		set  winops.SSLBinding
		want []winops.SSLBinding
	}{
		{"add one, case normalised", ip, []winops.SSLBinding{{Endpoint: "0.0.0.0:443", CertHash: tp1, AppID: winops.IISAppID, CertStoreName: winops.StoreMy}}},
		{"add an SNI binding", sni, []winops.SSLBinding{{Endpoint: "0.0.0.0:443", CertHash: tp1, AppID: winops.IISAppID, CertStoreName: winops.StoreMy}, sni}},
		{"add one sorting between", admin, []winops.SSLBinding{{Endpoint: "0.0.0.0:443", CertHash: tp1, AppID: winops.IISAppID, CertStoreName: winops.StoreMy}, admin, sni}},
		{"replace the IP binding", winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: tp2, AppID: winops.IISAppID, CertStoreName: winops.StoreMy},
			[]winops.SSLBinding{{Endpoint: "0.0.0.0:443", CertHash: tp2, AppID: winops.IISAppID, CertStoreName: winops.StoreMy}, admin, sni}},
	}
	for _, s := range steps {
		if err := o.SetSSLBinding(ctx, s.set); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, err := o.SSLBindings(ctx)
		if err != nil || !slices.Equal(got, s.want) {
			t.Errorf("%s: SSLBindings = %+v, %v; want %+v", s.name, got, err, s.want)
		}
	}
	data, err := os.ReadFile(sslCertPath(root))
	if err != nil {
		t.Fatal(err)
	}
	// The hashes differ per run; the golden holds the shape.
	text := strings.NewReplacer(tp1, "THUMBPRINT-1", tp2, "THUMBPRINT-2").Replace(string(data))
	golden(t, "sslcert.json", []byte(text))
}

func TestSetSSLBindingRefusals(t *testing.T) {
	root := t.TempDir()
	noKey, err := SeedCert(root, newCA(t).cert.Raw, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	ok := winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: noKey, AppID: winops.IISAppID, CertStoreName: winops.StoreMy}
	with := func(f func(b *winops.SSLBinding)) winops.SSLBinding { b := ok; f(&b); return b }
	tests := map[string]struct {
		b        winops.SSLBinding
		want     string
		notFound bool
	}{
		"certificate not in My":  {with(func(b *winops.SSLBinding) { b.CertHash = strings.Repeat("AB", 20) }), "not found", true},
		"certificate has no key": {ok, "no private key", false},
		"no port":                {with(func(b *winops.SSLBinding) { b.Endpoint = "0.0.0.0" }), "endpoint", false},
		"hash not hex":           {with(func(b *winops.SSLBinding) { b.CertHash = strings.Repeat("ZZ", 20) }), "40 hex", false},
		"app id without braces":  {with(func(b *winops.SSLBinding) { b.AppID = strings.Trim(winops.IISAppID, "{}") }), "application id", false},
		"another store":          {with(func(b *winops.SSLBinding) { b.CertStoreName = "WebHosting" }), "LocalMachine\\My only", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before := snapshot(t, root)
			err := New(root).SetSSLBinding(context.Background(), tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) || errors.Is(err, winops.ErrCertNotFound) != tc.notFound {
				t.Errorf("SetSSLBinding: %v, want an error containing %q (ErrCertNotFound: %v)", err, tc.want, tc.notFound)
			}
			if !sameSnapshot(before, snapshot(t, root)) {
				t.Error("a refused binding wrote files")
			}
		})
	}
}

func TestSeedSSLBindingNeedsNoCertificate(t *testing.T) {
	root := t.TempDir()
	b := winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: strings.Repeat("0A", 20), AppID: winops.IISAppID, CertStoreName: winops.StoreMy}
	if err := SeedSSLBinding(root, b); err != nil {
		t.Fatal(err)
	}
	got, err := New(root).SSLBindings(context.Background())
	if err != nil || len(got) != 1 || got[0] != b {
		t.Errorf("SSLBindings = %+v, %v; want %+v", got, err, b)
	}
	if err := SeedSSLBinding(root, winops.SSLBinding{Endpoint: "x"}); err == nil {
		t.Error("SeedSSLBinding of an invalid binding succeeded")
	}
}
