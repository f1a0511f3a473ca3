package javaks

import (
	"crypto/x509"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/ecereconcile/ecereconcile/pkg/javaks/internal/pfx"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// decodePKCS12 reads a PKCS12 trust store. Anything but trusted certificates
// with aliases is refused: go-pkcs12 could not write it back.
func decodePKCS12(data, password []byte) (*Store, error) {
	if !utf8.Valid(password) {
		return nil, newError(ErrUnsupported, "the keystore password is not valid UTF-8")
	}
	bags, info, err := pfx.ReadTrustStore(data, string(password))
	if err != nil {
		switch {
		case errors.Is(err, pfx.ErrPassword):
			return nil, wrapError(ErrWrongPassword, "", err)
		case errors.Is(err, pfx.ErrUnsupported):
			return nil, wrapError(ErrUnsupported, "", err)
		default:
			return nil, wrapError(ErrCorrupt, "", err)
		}
	}
	s := &Store{typ: PKCS12, items: make(map[string]*item, len(bags)), legacy: info.Legacy, passwordless: info.Passwordless}
	for i, b := range bags {
		switch {
		case b.KeyID || !b.Trusted:
			return nil, newError(ErrUnsupported, fmt.Sprintf("certificate %d is not a trusted certificate entry (it belongs to a key); only trust stores can be edited", i+1))
		case !b.HasFriendlyName:
			return nil, newError(ErrUnsupported, fmt.Sprintf("certificate %d has no alias (friendly name)", i+1))
		}
		key := normalizeAlias(b.FriendlyName)
		if prev, ok := s.items[key]; ok {
			return nil, newError(ErrUnsupported, fmt.Sprintf("the keystore has two entries with alias %q (%q and %q); Java would keep one", key, prev.name, b.FriendlyName))
		}
		e := Entry{Alias: key, SHA256: fingerprintDER(b.DER)}
		if c, err := x509.ParseCertificate(b.DER); err == nil {
			e.Cert = c
		}
		s.items[key] = &item{name: b.FriendlyName, entry: e, der: b.DER}
	}
	return s, nil
}

// encodePKCS12 writes every entry, in alias order, as a Java trust store.
func (s *Store) encodePKCS12(password []byte, opt EncodeOptions) ([]byte, error) {
	if !utf8.Valid(password) {
		return nil, newError(ErrUnsupported, "the keystore password is not valid UTF-8")
	}
	var enc *pkcs12.Encoder
	switch opt.PKCS12Encoder {
	case Modern2023:
		enc = pkcs12.Modern2023
	case LegacyDES:
		enc = pkcs12.LegacyDES
	case Passwordless:
		enc, password = pkcs12.Passwordless, nil
	default:
		return nil, fmt.Errorf("writing PKCS12: unknown encoder %s", opt.PKCS12Encoder)
	}
	if opt.Rand != nil {
		enc = enc.WithRand(opt.Rand)
	}
	entries := make([]pkcs12.TrustStoreEntry, 0, len(s.items))
	for _, a := range s.Aliases() {
		it := s.items[a]
		// go-pkcs12 only writes Raw, so a certificate Go cannot parse
		// travels as its bytes.
		entries = append(entries, pkcs12.TrustStoreEntry{Cert: &x509.Certificate{Raw: it.der}, FriendlyName: it.name})
	}
	out, err := enc.EncodeTrustStoreEntries(entries, string(password))
	if err != nil {
		return nil, fmt.Errorf("writing PKCS12: %w", err)
	}
	return out, nil
}
