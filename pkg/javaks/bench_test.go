package javaks

import (
	"crypto/x509"
	"fmt"
	"sync"
	"testing"
	"time"
)

// cacertsSize is the number of entries of a JDK 8 cacerts.
const cacertsSize = 144

var (
	cacertsOnce  sync.Once
	cacertsCerts []*x509.Certificate
)

// cacerts returns a store of type t with 144 self-signed CA certificates
// (ECDSA P-256: key generation cost is not what is measured).
func cacerts(b *testing.B, t Type) *Store {
	cacertsOnce.Do(func() {
		for i := range cacertsSize {
			cacertsCerts = append(cacertsCerts, newCA(b, fmt.Sprintf("Test Root CA %03d", i)))
		}
	})
	s := New(t)
	for i, c := range cacertsCerts {
		s.SetTrusted(fmt.Sprintf("testrootca%03d [jdk]", i), c, time.UnixMilli(1_700_000_000_000))
	}
	return s
}

func benchmarkDecode(b *testing.B, t Type) {
	data := mustEncode(b, cacerts(b, t), "changeit")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := Decode(data, []byte("changeit"), t)
		if err != nil || s.Len() != cacertsSize {
			b.Fatalf("Decode: %v", err)
		}
	}
}

func benchmarkEncode(b *testing.B, t Type) {
	s := cacerts(b, t)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Encode([]byte("changeit"), EncodeOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCacerts144(b *testing.B)       { benchmarkDecode(b, JKS) }
func BenchmarkEncodeCacerts144(b *testing.B)       { benchmarkEncode(b, JKS) }
func BenchmarkDecodeCacerts144PKCS12(b *testing.B) { benchmarkDecode(b, PKCS12) }
func BenchmarkEncodeCacerts144PKCS12(b *testing.B) { benchmarkEncode(b, PKCS12) }
