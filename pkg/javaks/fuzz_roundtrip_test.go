package javaks

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

// fuzzPassword opens every store the round-trip targets decode.
const fuzzPassword = "changeit"

// jksDigest is the integrity digest a JKS body needs under password (Latin-1).
func jksDigest(body []byte, password string) []byte {
	h := sha1.New()
	h.Write(utf16Password([]byte(password)))
	h.Write([]byte("Mighty Aphrodite"))
	h.Write(body)
	return h.Sum(nil)
}

// FuzzJKSRoundTrip reaches past the integrity check: the input is a JKS
// file without its trailing SHA-1 digest, and the target appends the digest
// for "changeit", so that mutations of the structure are parsed. Decode
// never panics and fails only with one of the sentinels; a store it accepts
// encodes, and decodes back to the same entries.
//
// Seed corpus: testdata/fuzz/FuzzJKSRoundTrip holds bodies of the lab's
// JDK 8 cacerts and of keystores written by keytool and by ecereconcile.
func FuzzJKSRoundTrip(f *testing.F) {
	s := New(JKS)
	s.SetTrusted("root", newCA(f, "Fuzz Root"), time.UnixMilli(1700000000000))
	s.SetTrusted("MixedCase", newCA(f, "Fuzz Second"), time.UnixMilli(1))
	data := mustEncode(f, s, fuzzPassword)
	f.Add(data[:len(data)-jksDigestLen])
	f.Add(data[:12]) // magic, version, count: an empty store
	f.Fuzz(func(t *testing.T, body []byte) {
		file := append(append([]byte(nil), body...), jksDigest(body, fuzzPassword)...)
		st, err := Decode(file, []byte(fuzzPassword), JKS)
		if err != nil {
			// ErrWrongPassword remains possible: the digest is read
			// where the entries end, which a mutation moves.
			checkOneSentinel(t, err)
			return
		}
		checkRoundTrip(t, st, EncodeOptions{})
	})
}

// FuzzPKCS12RoundTrip decodes PKCS12 trust stores opened with "changeit".
// A password-less store (the JDK 18+ cacerts: no MAC, no encryption) lets
// mutations reach the bags; stores with a MAC mostly stop at the MAC. Decode
// never panics and fails only with one of the sentinels; a store it accepts
// encodes with the encoder it asks for, and decodes back to the same
// entries.
//
// Seed corpus: testdata/fuzz/FuzzPKCS12RoundTrip holds keytool's PKCS12
// conversion of the lab's cacerts and stores written by ecereconcile.
func FuzzPKCS12RoundTrip(f *testing.F) {
	s := New(PKCS12)
	s.SetTrusted("Root", newCA(f, "Fuzz Root"), time.Time{})
	s.SetTrusted("second", newCA(f, "Fuzz Second"), time.Time{})
	for _, enc := range []PKCS12Encoder{Passwordless, LegacyDES, Modern2023} {
		out, err := s.Encode([]byte(fuzzPassword), EncodeOptions{PKCS12Encoder: enc, Rand: seededRand(1)})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(out)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := Decode(data, []byte(fuzzPassword), PKCS12)
		if err != nil {
			checkOneSentinel(t, err)
			return
		}
		checkRoundTrip(t, st, EncodeOptions{PKCS12Encoder: st.PKCS12Encoder(), Rand: seededRand(2)})
	})
}

// checkOneSentinel fails unless err wraps exactly one of Decode's sentinels
// and does not show the password.
func checkOneSentinel(t *testing.T, err error) {
	t.Helper()
	n := 0
	for _, s := range []error{ErrWrongPassword, ErrCorrupt, ErrFormatMismatch, ErrUnsupported} {
		if errors.Is(err, s) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("error %q wraps %d sentinels, want 1", err, n)
	}
	if bytes.Contains([]byte(err.Error()), []byte(fuzzPassword)) {
		t.Fatalf("error shows the password: %v", err)
	}
}

// checkRoundTrip encodes st, decodes the result and compares the entries.
func checkRoundTrip(t *testing.T, st *Store, opt EncodeOptions) {
	t.Helper()
	out, err := st.Encode([]byte(fuzzPassword), opt)
	if err != nil {
		t.Fatalf("a decoded %s store does not encode: %v", st.Type(), err)
	}
	back, err := Decode(out, []byte(fuzzPassword), st.Type())
	if err != nil {
		t.Fatalf("a re-encoded %s store does not decode: %v", st.Type(), err)
	}
	if got, want := entriesOf(back), entriesOf(st); got != want {
		t.Fatalf("entries changed in the round trip:\n got %s\nwant %s", got, want)
	}
	if back.PKCS12Encoder() != st.PKCS12Encoder() && st.Type() == PKCS12 {
		t.Fatalf("encoder changed in the round trip: %s -> %s", st.PKCS12Encoder(), back.PKCS12Encoder())
	}
}

// entriesOf renders every entry: alias, kind, fingerprint, creation date.
func entriesOf(s *Store) string {
	var b bytes.Buffer
	for _, a := range s.Aliases() {
		e, _ := s.Lookup(a)
		b.WriteString(e.Alias)
		if e.PrivateKey {
			b.WriteString(" key")
		}
		b.WriteString(" " + e.SHA256 + " " + e.Created.UTC().Format(time.RFC3339Nano) + "; ")
	}
	return b.String()
}

// seededRand is a deterministic source of salts, so a failing input
// reproduces.
func seededRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0] = byte(seed)
	return rand.NewChaCha8(s)
}
