package javaks

import (
	"crypto/sha256"
	"crypto/x509"
	"strings"
)

// SHA256Fingerprint returns the SHA-256 of the certificate's DER as keytool
// prints it: uppercase hex pairs joined by colons ("AB:CD:...").
func SHA256Fingerprint(cert *x509.Certificate) string {
	return fingerprintDER(cert.Raw)
}

func fingerprintDER(der []byte) string {
	const hexdigits = "0123456789ABCDEF"
	sum := sha256.Sum256(der)
	var b strings.Builder
	b.Grow(len(sum) * 3)
	for i, c := range sum {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteByte(hexdigits[c>>4])
		b.WriteByte(hexdigits[c&0x0f])
	}
	return b.String()
}

// normalizeFingerprint accepts a fingerprint with or without colons, in any
// case, and returns it in SHA256Fingerprint's form when it is one.
func normalizeFingerprint(fp string) string {
	hex := strings.ToUpper(strings.ReplaceAll(fp, ":", ""))
	if len(hex) != 2*sha256.Size {
		return strings.ToUpper(fp)
	}
	var b strings.Builder
	for i := 0; i < len(hex); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hex[i : i+2])
	}
	return b.String()
}
