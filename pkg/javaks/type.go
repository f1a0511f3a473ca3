package javaks

import (
	"fmt"
	"io"
	"strings"
)

// Type is a keystore file format.
type Type int

const (
	// JKS is the proprietary Java KeyStore format (magic 0xFEEDFEED), the
	// format of JDK 8's cacerts.
	JKS Type = iota
	// PKCS12 is the standard format (RFC 7292), JDK 9+'s default and the
	// format of JDK 18+'s cacerts.
	PKCS12
)

// String returns the name used in specs: "jks" or "pkcs12".
func (t Type) String() string {
	switch t {
	case JKS:
		return "jks"
	case PKCS12:
		return "pkcs12"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// display is the name used in messages about a file's contents.
func (t Type) display() string {
	switch t {
	case JKS:
		return "JKS"
	case PKCS12:
		return "PKCS12"
	}
	return t.String()
}

// ParseType parses "jks" or "pkcs12" (any case; "p12" and "pfx" are
// accepted for PKCS12).
func ParseType(s string) (Type, error) {
	switch strings.ToLower(s) {
	case "jks":
		return JKS, nil
	case "pkcs12", "p12", "pfx":
		return PKCS12, nil
	}
	return 0, fmt.Errorf("unknown keystore type %q: want jks or pkcs12", s)
}

// PKCS12Encoder chooses the algorithms of a written PKCS12 file.
type PKCS12Encoder int

const (
	// Modern2023 uses PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC and an
	// HMAC-SHA-256 MAC: readable by Java 12+ (and 8u301+, 11.0.12+),
	// OpenSSL 1.1.1+. The default.
	Modern2023 PKCS12Encoder = iota
	// LegacyDES uses 3DES and an HMAC-SHA-1 MAC: readable by every JDK.
	LegacyDES
	// Passwordless writes neither encryption nor a MAC, like the JDK 18+
	// cacerts; the password is ignored. Only chosen to keep such a file so.
	Passwordless
)

// String names the encoder.
func (e PKCS12Encoder) String() string {
	switch e {
	case Modern2023:
		return "modern2023"
	case LegacyDES:
		return "legacy-des"
	case Passwordless:
		return "passwordless"
	}
	return fmt.Sprintf("PKCS12Encoder(%d)", int(e))
}

// EncodeOptions tune Encode.
type EncodeOptions struct {
	// PKCS12Encoder is used for PKCS12 stores; ignored for JKS.
	PKCS12Encoder PKCS12Encoder
	// Rand is the source of salts and IVs for PKCS12; nil means
	// crypto/rand. JKS output uses no randomness.
	Rand io.Reader
}
