package javaks

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

const testPassword = "s3cret-Pw"

func TestDecodeBroken(t *testing.T) {
	a := newCA(t, "a")
	jks := New(JKS)
	jks.SetTrusted("a", a, time.UnixMilli(1))
	jksData := mustEncode(t, jks, testPassword)
	p12 := New(PKCS12)
	p12.SetTrusted("a", a, time.Time{})
	p12Data := mustEncode(t, p12, testPassword)

	random := make([]byte, 4096)
	rng := rand.New(rand.NewChaCha8([32]byte{1}))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	random[0] = 0x42 // not a magic, not a DER SEQUENCE

	jceks := append([]byte{0xCE, 0xCE, 0xCE, 0xCE}, jksData[4:]...)

	hugeCount := append([]byte{}, jksData...)
	binary.BigEndian.PutUint32(hugeCount[8:], 0x7FFFFFFF)

	// entry 1: tag(4) alias len(2) "a"(1) date(8) type len(2) "X.509"(5) cert len(4)
	hugeCert := append([]byte{}, jksData...)
	binary.BigEndian.PutUint32(hugeCert[12+4+2+1+8+2+5:], 0xFFFFFFF0)

	badTag := append([]byte{}, jksData...)
	binary.BigEndian.PutUint32(badTag[12:], 9)

	version3 := append([]byte{}, jksData...)
	binary.BigEndian.PutUint32(version3[4:], 3)

	flipped := append([]byte{}, jksData...)
	flipped[len(flipped)-30] ^= 0xFF // inside the certificate: digest fails

	withKey, err := pkcs12.Modern2023.Encode(mustKey(t), a, nil, testPassword)
	if err != nil {
		t.Fatal(err)
	}

	tests := map[string]struct {
		data     []byte
		password string
		typ      Type
		want     error
		msg      string // substring of the message
	}{
		"wrong password jks":          {jksData, "changeit", JKS, ErrWrongPassword, "wrong keystore password"},
		"wrong password pkcs12":       {p12Data, "changeit", PKCS12, ErrWrongPassword, "wrong keystore password"},
		"tampered jks":                {flipped, testPassword, JKS, ErrWrongPassword, "tampered"},
		"truncated jks":               {jksData[:len(jksData)/2], testPassword, JKS, ErrCorrupt, "truncated"},
		"jks without its digest":      {jksData[:len(jksData)-20], testPassword, JKS, ErrCorrupt, "integrity digest"},
		"truncated pkcs12":            {p12Data[:len(p12Data)/2], testPassword, PKCS12, ErrCorrupt, ""},
		"empty file as jks":           {nil, testPassword, JKS, ErrCorrupt, "empty file"},
		"empty file as pkcs12":        {[]byte{}, testPassword, PKCS12, ErrCorrupt, "empty file"},
		"random bytes":                {random, testPassword, JKS, ErrCorrupt, "not a Java keystore"},
		"three bytes":                 {[]byte{1, 2, 3}, testPassword, JKS, ErrCorrupt, "too short"},
		"pkcs12 passed as jks":        {p12Data, testPassword, JKS, ErrFormatMismatch, "file is a PKCS12 keystore, but the spec says jks"},
		"jks passed as pkcs12":        {jksData, testPassword, PKCS12, ErrFormatMismatch, "file is a JKS keystore, but the spec says pkcs12"},
		"jceks":                       {jceks, testPassword, JKS, ErrUnsupported, "JCEKS is not supported"},
		"jceks asked as pkcs12":       {jceks, testPassword, PKCS12, ErrUnsupported, "JCEKS is not supported"},
		"huge entry count":            {hugeCount, testPassword, JKS, ErrCorrupt, "cannot fit"},
		"huge certificate length":     {hugeCert, testPassword, JKS, ErrCorrupt, "runs past the end"},
		"unknown entry tag":           {badTag, testPassword, JKS, ErrCorrupt, "unknown tag 9"},
		"jks version 3":               {version3, testPassword, JKS, ErrUnsupported, "version 3"},
		"pkcs12 with a private key":   {withKey, testPassword, PKCS12, ErrUnsupported, "holds private keys; only trust stores can be edited"},
		"jks password beyond latin-1": {jksData, "пароль", JKS, ErrUnsupported, "Latin-1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Decode(tc.data, []byte(tc.password), tc.typ)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want an error wrapping %v", err, tc.want)
			}
			if s != nil {
				t.Fatal("a store was returned with the error")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not contain %q", err, tc.msg)
			}
			if strings.Contains(err.Error(), testPassword) || strings.Contains(err.Error(), "changeit") {
				t.Errorf("message contains the password: %q", err)
			}
			for _, other := range []error{ErrWrongPassword, ErrCorrupt, ErrFormatMismatch, ErrUnsupported} {
				if other != tc.want && errors.Is(err, other) {
					t.Errorf("error also wraps %v", other)
				}
			}
		})
	}
}

// TestDecodeEveryTruncation cuts a JKS with a private-key-like layout and a
// PKCS12 at every length: each must be an error, never a panic.
func TestDecodeEveryTruncation(t *testing.T) {
	s := New(JKS)
	s.SetTrusted("a", newCA(t, "a"), time.UnixMilli(1))
	s.SetTrusted("b", newCA(t, "b"), time.UnixMilli(2))
	p := New(PKCS12)
	p.SetTrusted("a", newCA(t, "a"), time.Time{})
	for _, tc := range []struct {
		typ  Type
		data []byte
	}{{JKS, mustEncode(t, s, testPassword)}, {PKCS12, mustEncode(t, p, testPassword)}} {
		for n := 0; n < len(tc.data); n++ {
			if _, err := Decode(tc.data[:n], []byte(testPassword), tc.typ); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%s cut at %d of %d: got %v, want ErrCorrupt", tc.typ, n, len(tc.data), err)
			}
		}
	}
}

func TestLatin1JKSPassword(t *testing.T) {
	s := New(JKS)
	s.SetTrusted("a", newCA(t, "a"), time.UnixMilli(1))
	data := mustEncode(t, s, "contraseña")
	mustDecode(t, data, "contraseña", JKS)
	if _, err := Decode(data, []byte("contrasena"), JKS); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("got %v, want ErrWrongPassword", err)
	}
}

// FuzzDecode: any input is a store or an error wrapping one sentinel; never
// a panic.
func FuzzDecode(f *testing.F) {
	s := New(JKS)
	s.SetTrusted("a", newCA(f, "a"), time.UnixMilli(1))
	f.Add(mustEncode(f, s, "changeit"), false)
	p := New(PKCS12)
	p.SetTrusted("a", newCA(f, "a"), time.Time{})
	f.Add(mustEncode(f, p, "changeit"), true)
	f.Fuzz(func(t *testing.T, data []byte, pkcs bool) {
		typ := JKS
		if pkcs {
			typ = PKCS12
		}
		st, err := Decode(data, []byte("changeit"), typ)
		if err == nil {
			if st == nil {
				t.Fatal("nil store without error")
			}
			return
		}
		n := 0
		for _, s := range []error{ErrWrongPassword, ErrCorrupt, ErrFormatMismatch, ErrUnsupported} {
			if errors.Is(err, s) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("error %q wraps %d sentinels, want 1", err, n)
		}
	})
}
