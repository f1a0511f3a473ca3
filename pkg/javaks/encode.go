package javaks

import "fmt"

// Encode writes the store with password. JKS output depends only on the
// entries and the password (aliases in order, no randomness); PKCS12 output
// has fresh salts from opt.Rand. A JKS password must be Latin-1 (keystore-go
// hashes one byte per character), a PKCS12 password must be valid UTF-8 of
// the Basic Multilingual Plane; others are ErrUnsupported.
func (s *Store) Encode(password []byte, opt EncodeOptions) ([]byte, error) {
	switch s.typ {
	case JKS:
		return s.encodeJKS(password)
	case PKCS12:
		return s.encodePKCS12(password, opt)
	}
	return nil, fmt.Errorf("encoding keystore: unknown type %s", s.typ)
}
