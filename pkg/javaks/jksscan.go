package javaks

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"time"
	"unicode/utf8"
)

// JKS layout (big-endian), as sun.security.provider.JavaKeyStore writes it:
//
//	magic u32 = 0xFEEDFEED, version u32 (1 or 2), count u32
//	count times:
//	  tag u32 (1 private key, 2 trusted certificate), alias UTF, date u64 (ms)
//	  tag 1: key len u32 + bytes, chain count u32, chain certificates
//	  tag 2: one certificate
//	  certificate: (version 2: type UTF), len u32 + DER
//	SHA-1(password as UTF-16BE || "Mighty Aphrodite" || everything above)
//
// UTF is a u16 length and that many bytes of modified UTF-8.

const jksDigestLen = sha1.Size

// minJKSEntry is the smallest possible entry: tag, empty alias, date,
// version-1 certificate length.
const minJKSEntry = 4 + 2 + 8 + 4

// jksReader walks the bytes with bounds checks; the first failure sticks.
type jksReader struct {
	b   []byte
	off int
	err error
}

func (r *jksReader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.err = newError(ErrCorrupt, fmt.Sprintf("truncated keystore: %s runs past the end of the file", what))
		return nil
	}
	out := r.b[r.off : r.off+n]
	r.off += n
	return out
}

func (r *jksReader) u16(what string) int {
	b := r.take(2, what)
	if b == nil {
		return 0
	}
	return int(binary.BigEndian.Uint16(b))
}

func (r *jksReader) u32(what string) uint32 {
	b := r.take(4, what)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

func (r *jksReader) bytes32(what string) {
	n := r.u32(what + " length")
	if r.err == nil && uint64(n) > uint64(len(r.b)-r.off) {
		r.err = newError(ErrCorrupt, fmt.Sprintf("truncated keystore: %s of %d bytes runs past the end of the file", what, n))
		return
	}
	r.take(int(n), what)
}

func (r *jksReader) cert(version uint32, what string) {
	if version == 2 {
		r.take(r.u16(what+" type"), what+" type")
	}
	r.bytes32(what)
}

// scanJKS checks the structure of a JKS file and its integrity digest, so
// that keystore-go, which allocates lengths as read and fills entries before
// it checks the digest, only ever sees a sound file. It returns the aliases
// and dates in file order. A structural fault is ErrCorrupt, a digest mismatch
// ErrWrongPassword. password is the keystore-go form (see jksPassword).
func scanJKS(data []byte, password []byte) ([]jksScanned, error) {
	r := &jksReader{b: data}
	r.u32("magic")
	version := r.u32("version")
	count := r.u32("entry count")
	if r.err != nil {
		return nil, r.err
	}
	if version != 1 && version != 2 {
		return nil, newError(ErrUnsupported, fmt.Sprintf("JKS version %d is not supported", version))
	}
	if uint64(count) > uint64(len(data))/minJKSEntry {
		return nil, newError(ErrCorrupt, fmt.Sprintf("truncated keystore: %d entries cannot fit in %d bytes", count, len(data)))
	}
	entries := make([]jksScanned, 0, count)
	for i := uint32(0); i < count && r.err == nil; i++ {
		what := fmt.Sprintf("entry %d of %d", i+1, count)
		start := r.off
		tag := r.u32(what + " tag")
		alias := r.take(r.u16(what+" alias"), what+" alias")
		date := r.take(8, what+" date")
		if r.err != nil {
			break
		}
		switch tag {
		case 1:
			r.bytes32(what + " private key")
			n := r.u32(what + " chain length")
			if r.err == nil && uint64(n) > uint64(len(data)-r.off)/4 {
				r.err = newError(ErrCorrupt, fmt.Sprintf("truncated keystore: %s chain of %d certificates cannot fit", what, n))
			}
			for j := uint32(0); j < n && r.err == nil; j++ {
				r.cert(version, fmt.Sprintf("%s certificate %d", what, j+1))
			}
		case 2:
			r.cert(version, what+" certificate")
		default:
			return nil, newError(ErrCorrupt, fmt.Sprintf("%s has unknown tag %d", what, tag))
		}
		if !utf8.Valid(alias) {
			return nil, newError(ErrUnsupported, fmt.Sprintf("%s has an alias that is not valid UTF-8", what))
		}
		entries = append(entries, jksScanned{
			raw:     data[start:r.off],
			alias:   string(alias),
			created: time.UnixMilli(int64(binary.BigEndian.Uint64(date))),
		})
	}
	body := r.off
	r.take(jksDigestLen, "integrity digest")
	if r.err != nil {
		return nil, r.err
	}
	h := sha1.New()
	h.Write(utf16Password(password))
	h.Write([]byte("Mighty Aphrodite"))
	h.Write(data[:body])
	if subtle.ConstantTimeCompare(h.Sum(nil), data[body:body+jksDigestLen]) != 1 {
		return nil, newError(ErrWrongPassword, "wrong keystore password (or the file was tampered with)")
	}
	return entries, nil
}

// jksScanned is what scanJKS learns of one entry.
type jksScanned struct {
	raw     []byte // the entry's bytes, tag to last certificate
	alias   string
	created time.Time
}

// jksPassword turns a UTF-8 password into what keystore-go expects: it
// hashes each byte b as the UTF-16 unit 0x00b, so a password is only
// representable when every character is Latin-1 (U+0000..U+00FF); those are
// passed as their single byte, which makes keystore-go agree with Java.
func jksPassword(password []byte) ([]byte, error) {
	if !utf8.Valid(password) {
		return nil, newError(ErrUnsupported, "the keystore password is not valid UTF-8")
	}
	out := make([]byte, 0, len(password))
	for _, r := range string(password) {
		if r > 0xFF {
			return nil, newError(ErrUnsupported, "JKS passwords with characters beyond Latin-1 are not supported")
		}
		out = append(out, byte(r))
	}
	return out, nil
}

// utf16Password is Java's JKS password encoding of a jksPassword result.
func utf16Password(latin1 []byte) []byte {
	out := make([]byte, 0, 2*len(latin1))
	for _, b := range latin1 {
		out = append(out, 0, b)
	}
	return out
}
