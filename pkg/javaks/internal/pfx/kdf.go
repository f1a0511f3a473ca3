package pfx

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"hash"
	"unicode/utf16"
)

// Purpose bytes of the RFC 7292 appendix B.2 key derivation.
const (
	idKey = 1 // encryption key
	idIV  = 2 // initialisation vector
	idMAC = 3 // integrity key
)

// hashAlg is a hash function with the block size the PKCS#12 KDF needs.
type hashAlg struct {
	new       func() hash.Hash
	blockSize int // v, in bytes
}

var (
	oidSHA1   = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA224 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 4}
	oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}

	oidHmacWithSHA1   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHmacWithSHA224 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 8}
	oidHmacWithSHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHmacWithSHA384 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHmacWithSHA512 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
)

var (
	sha1Alg   = hashAlg{sha1.New, 64}
	sha224Alg = hashAlg{sha256.New224, 64}
	sha256Alg = hashAlg{sha256.New, 64}
	sha384Alg = hashAlg{sha512.New384, 128}
	sha512Alg = hashAlg{sha512.New, 128}
)

// digestAlg maps a digest OID (a PKCS#12 MAC) to its hash.
func digestAlg(oid asn1.ObjectIdentifier) (hashAlg, bool) {
	switch {
	case oid.Equal(oidSHA1):
		return sha1Alg, true
	case oid.Equal(oidSHA224):
		return sha224Alg, true
	case oid.Equal(oidSHA256):
		return sha256Alg, true
	case oid.Equal(oidSHA384):
		return sha384Alg, true
	case oid.Equal(oidSHA512):
		return sha512Alg, true
	}
	return hashAlg{}, false
}

// hmacAlg maps an HMAC OID (a PBKDF2 PRF or a PBMAC1 MAC) to its hash. An
// absent OID is HMAC-SHA1, the ASN.1 default.
func hmacAlg(oid asn1.ObjectIdentifier) (hashAlg, bool) {
	switch {
	case len(oid) == 0, oid.Equal(oidHmacWithSHA1):
		return sha1Alg, true
	case oid.Equal(oidHmacWithSHA224):
		return sha224Alg, true
	case oid.Equal(oidHmacWithSHA256):
		return sha256Alg, true
	case oid.Equal(oidHmacWithSHA384):
		return sha384Alg, true
	case oid.Equal(oidHmacWithSHA512):
		return sha512Alg, true
	}
	return hashAlg{}, false
}

// bmpPassword encodes a password as PKCS#12 wants it for its own KDF: the
// UTF-16 big-endian code units of the password followed by two zero bytes,
// as Java does with the password's chars.
func bmpPassword(password string) []byte {
	units := utf16.Encode([]rune(password))
	out := make([]byte, 0, 2*len(units)+2)
	for _, u := range units {
		out = append(out, byte(u>>8), byte(u))
	}
	return append(out, 0, 0)
}

// kdf is the key derivation of RFC 7292 appendix B.2.
func kdf(alg hashAlg, id byte, salt, password []byte, iterations, size int) []byte {
	v := alg.blockSize
	d := make([]byte, v)
	for i := range d {
		d[i] = id
	}
	in := append(fill(salt, v), fill(password, v)...)
	out := make([]byte, 0, size)
	h := alg.new()
	for len(out) < size {
		h.Reset()
		h.Write(d)
		h.Write(in)
		a := h.Sum(nil)
		for j := 1; j < iterations; j++ {
			h.Reset()
			h.Write(a)
			a = h.Sum(a[:0])
		}
		out = append(out, a...)
		if len(out) >= size {
			break
		}
		// I_j = (I_j + B + 1) mod 2^v for every v-byte block of I, where B
		// is A repeated to v bytes.
		b := fill(a, v)
		for off := 0; off < len(in); off += v {
			block := in[off : off+v]
			carry := uint16(1)
			for k := v - 1; k >= 0; k-- {
				sum := uint16(block[k]) + uint16(b[k]) + carry
				block[k] = byte(sum)
				carry = sum >> 8
			}
		}
	}
	return out[:size]
}

// fill repeats p to a multiple of v bytes, as long as p rounded up; empty
// stays empty.
func fill(p []byte, v int) []byte {
	if len(p) == 0 {
		return nil
	}
	n := v * ((len(p) + v - 1) / v)
	out := make([]byte, n)
	for i := 0; i < n; i += len(p) {
		copy(out[i:], p)
	}
	return out
}
