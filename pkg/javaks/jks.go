package javaks

import (
	"bytes"
	"crypto/x509"
	"fmt"
)

// decodeJKS checks the file with scanJKS, then lets keystore-go load it into
// a fresh store, which is dropped on any error.
func decodeJKS(data, password []byte) (*Store, error) {
	pw, err := jksPassword(password)
	if err != nil {
		return nil, err
	}
	scanned, err := scanJKS(data, pw)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]string, len(scanned))
	for _, sc := range scanned {
		a := sc.alias
		key := normalizeAlias(a)
		if prev, ok := seen[key]; ok {
			return nil, newError(ErrUnsupported, fmt.Sprintf("the keystore has two entries with alias %q (%q and %q); Java would keep one", key, prev, a))
		}
		seen[key] = a
	}
	ks := newJKS()
	if err := ks.Load(bytes.NewReader(data), pw); err != nil {
		return nil, wrapError(ErrCorrupt, "reading JKS: ", err)
	}
	s := &Store{typ: JKS, jks: ks, items: make(map[string]*item, len(scanned))}
	for _, sc := range scanned {
		name := sc.alias
		e := Entry{Alias: normalizeAlias(name), Created: sc.created}
		var der []byte
		switch {
		case ks.IsTrustedCertificateEntry(name):
			tce, err := ks.GetTrustedCertificateEntry(name)
			if err != nil {
				return nil, wrapError(ErrCorrupt, "reading JKS: ", err)
			}
			der = tce.Certificate.Content
		case ks.IsPrivateKeyEntry(name):
			chain, err := ks.GetPrivateKeyEntryCertificateChain(name)
			if err != nil {
				return nil, wrapError(ErrCorrupt, "reading JKS: ", err)
			}
			e.PrivateKey = true
			if len(chain) > 0 {
				der = chain[0].Content
			}
		default:
			return nil, newError(ErrCorrupt, fmt.Sprintf("reading JKS: entry %q is missing after loading", name))
		}
		if len(der) > 0 {
			e.SHA256 = fingerprintDER(der)
			if c, err := x509.ParseCertificate(der); err == nil {
				e.Cert = c
			}
		}
		s.items[e.Alias] = &item{name: name, entry: e, der: der}
	}
	return s, nil
}

// encodeJKS writes every entry, in alias order, with keystore-go.
func (s *Store) encodeJKS(password []byte) ([]byte, error) {
	pw, err := jksPassword(password)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := s.jks.Store(&buf, pw); err != nil {
		return nil, fmt.Errorf("writing JKS: %w", err)
	}
	return buf.Bytes(), nil
}
