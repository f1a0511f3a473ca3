package javaks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	a, b, c := newCA(t, "a"), newCA(t, "b"), newCA(t, "c")
	created := time.Date(2026, 11, 22, 10, 46, 0, 123_456_789, time.UTC)
	tests := map[string]struct {
		typ Type
		opt EncodeOptions
	}{
		"jks":               {JKS, EncodeOptions{}},
		"pkcs12 modern2023": {PKCS12, EncodeOptions{PKCS12Encoder: Modern2023}},
		"pkcs12 legacy des": {PKCS12, EncodeOptions{PKCS12Encoder: LegacyDES}},
	}
	// JKS has no encoder; a decoded PKCS12 suggests the one it was written with.
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := New(tc.typ)
			s.SetTrusted("MyDomainController", a, created)
			s.SetTrusted("root", b, created)
			s.SetTrusted("gone", c, created)
			s.Delete("GONE")
			data, err := s.Encode([]byte("changeit"), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := mustDecode(t, data, "changeit", tc.typ)
			if got.Type() != tc.typ || got.Len() != 2 {
				t.Fatalf("type %s len %d, want %s len 2", got.Type(), got.Len(), tc.typ)
			}
			if want := []string{"mydomaincontroller", "root"}; strings.Join(got.Aliases(), ",") != strings.Join(want, ",") {
				t.Fatalf("aliases %v, want %v", got.Aliases(), want)
			}
			e, ok := got.Lookup("MYDOMAINCONTROLLER")
			if !ok || e.SHA256 != SHA256Fingerprint(a) || !bytes.Equal(e.Cert.Raw, a.Raw) || e.PrivateKey {
				t.Fatalf("entry %+v, want a's certificate", e)
			}
			wantCreated := time.Time{}
			if tc.typ == JKS {
				wantCreated = created.Truncate(time.Millisecond)
			}
			if !e.Created.Equal(wantCreated) {
				t.Errorf("created %v, want %v", e.Created, wantCreated)
			}
			if fp := strings.ToLower(strings.ReplaceAll(SHA256Fingerprint(b), ":", "")); strings.Join(got.FindBySHA256(fp), ",") != "root" {
				t.Errorf("FindBySHA256(%s) = %v, want [root]", fp, got.FindBySHA256(fp))
			}
			if got.PKCS12Encoder() != tc.opt.PKCS12Encoder {
				t.Errorf("PKCS12Encoder() = %s, want %s", got.PKCS12Encoder(), tc.opt.PKCS12Encoder)
			}
			if len(got.Trusted()) != 2 {
				t.Errorf("Trusted() has %d entries, want 2", len(got.Trusted()))
			}
		})
	}
}

func TestAliasSpelling(t *testing.T) {
	a := newCA(t, "a")
	tests := map[string]struct {
		typ      Type
		wantName string // as written in the file
	}{
		"jks writes lower case like keytool": {JKS, "mydomaincontroller"},
		"pkcs12 keeps the case like keytool": {PKCS12, "MyDomainController"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := New(tc.typ)
			s.SetTrusted("MyDomainController", a, time.Time{})
			got := mustDecode(t, mustEncode(t, s, "changeit"), "changeit", tc.typ)
			it := got.items["mydomaincontroller"]
			if it == nil || it.name != tc.wantName {
				t.Fatalf("stored as %+v, want name %q", it, tc.wantName)
			}
		})
	}
}

func TestSetTrustedReplacesOnlyItsAlias(t *testing.T) {
	a, b, c := newCA(t, "a"), newCA(t, "b"), newCA(t, "c")
	for _, typ := range []Type{JKS, PKCS12} {
		t.Run(typ.String(), func(t *testing.T) {
			s := New(typ)
			s.SetTrusted("keep", a, time.UnixMilli(1000))
			s.SetTrusted("swap", b, time.UnixMilli(2000))
			s = mustDecode(t, mustEncode(t, s, "changeit"), "changeit", typ)
			s.SetTrusted("SWAP", c, time.UnixMilli(3000))
			got := mustDecode(t, mustEncode(t, s, "changeit"), "changeit", typ)
			if e, _ := got.Lookup("swap"); e.SHA256 != SHA256Fingerprint(c) {
				t.Errorf("swap holds %s, want c", e.SHA256)
			}
			keep, _ := got.Lookup("keep")
			if keep.SHA256 != SHA256Fingerprint(a) {
				t.Errorf("keep changed: %s", keep.SHA256)
			}
			if typ == JKS && !keep.Created.Equal(time.UnixMilli(1000)) {
				t.Errorf("keep's date changed: %v", keep.Created)
			}
			if got.Len() != 2 {
				t.Errorf("len %d, want 2", got.Len())
			}
		})
	}
}

func TestEncodeJKSIsDeterministic(t *testing.T) {
	s := New(JKS)
	for _, n := range []string{"c", "a", "b"} {
		s.SetTrusted(n, newCA(t, n), time.UnixMilli(42))
	}
	if !bytes.Equal(mustEncode(t, s, "changeit"), mustEncode(t, s, "changeit")) {
		t.Fatal("two encodings of the same JKS differ")
	}
}

func TestSHA256Fingerprint(t *testing.T) {
	c := newCA(t, "x")
	sum := sha256.Sum256(c.Raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var parts []string
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	if got, want := SHA256Fingerprint(c), strings.Join(parts, ":"); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestParseType(t *testing.T) {
	tests := map[string]struct {
		in      string
		want    Type
		wantErr bool
	}{
		"jks":          {in: "jks", want: JKS},
		"JKS":          {in: "JKS", want: JKS},
		"pkcs12":       {in: "pkcs12", want: PKCS12},
		"p12":          {in: "p12", want: PKCS12},
		"empty":        {in: "", wantErr: true},
		"jceks":        {in: "jceks", wantErr: true},
		"round trip 1": {in: JKS.String(), want: JKS},
		"round trip 2": {in: PKCS12.String(), want: PKCS12},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseType(tc.in)
			if (err != nil) != tc.wantErr || (!tc.wantErr && got != tc.want) {
				t.Fatalf("ParseType(%q) = %v, %v", tc.in, got, err)
			}
		})
	}
}
