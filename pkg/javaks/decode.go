package javaks

import (
	"encoding/binary"
	"fmt"
)

const (
	magicJKS   = 0xFEEDFEED
	magicJCEKS = 0xCECECECE
	derSEQ     = 0x30
)

// Decode parses a keystore of type want with password. It sniffs the
// format first: a JCEKS file is ErrUnsupported, a keystore of the other type
// is ErrFormatMismatch ("file is a PKCS12 keystore, but the spec says jks"),
// anything else unrecognised is ErrCorrupt. Then a failed integrity check is
// ErrWrongPassword and a truncated or malformed file ErrCorrupt.
//
// Nothing of a file that fails is returned: entries are decoded into a
// fresh store that is dropped on any error.
func Decode(data []byte, password []byte, want Type) (*Store, error) {
	got, err := sniff(data)
	if err != nil {
		return nil, err
	}
	if got != want {
		return nil, newError(ErrFormatMismatch,
			fmt.Sprintf("file is a %s keystore, but the spec says %s", got.display(), want))
	}
	switch got {
	case JKS:
		return decodeJKS(data, password)
	default:
		return decodePKCS12(data, password)
	}
}

// sniff tells the format from the first bytes.
func sniff(data []byte) (Type, error) {
	if len(data) == 0 {
		return 0, newError(ErrCorrupt, "empty file")
	}
	if len(data) >= 4 {
		switch binary.BigEndian.Uint32(data) {
		case magicJKS:
			return JKS, nil
		case magicJCEKS:
			return 0, newError(ErrUnsupported, "file is a JCEKS keystore: JCEKS is not supported (convert it with keytool -importkeystore)")
		}
	}
	if data[0] == derSEQ {
		return PKCS12, nil
	}
	if len(data) < 4 {
		return 0, newError(ErrCorrupt, fmt.Sprintf("file of %d bytes is too short to be a keystore", len(data)))
	}
	return 0, newError(ErrCorrupt, "not a Java keystore (neither JKS, JCEKS nor PKCS12)")
}
