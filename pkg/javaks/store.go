package javaks

import (
	"crypto/x509"
	"sort"
	"strings"
	"time"

	keystore "github.com/pavlo-v-chernykh/keystore-go/v4"
)

// Entry is one keystore entry as keytool -list -v shows it.
type Entry struct {
	// Alias in lower case, as keytool prints it.
	Alias string
	// Cert is the trusted certificate; for a private key entry, the first
	// certificate of its chain. Nil when Go cannot parse the certificate
	// (Java is more lenient); SHA256 is still set from its bytes.
	Cert *x509.Certificate
	// SHA256 is the certificate's fingerprint (see SHA256Fingerprint);
	// empty for a private key entry without a chain.
	SHA256 string
	// Created is the entry's creation date. JKS stores it (in
	// milliseconds); PKCS12 does not, and it is zero.
	Created time.Time
	// PrivateKey marks a private key entry (JKS only: a PKCS12 with keys is
	// refused by Decode).
	PrivateKey bool
}

// item is an entry and the alias as it is spelled in the file.
type item struct {
	name  string // JKS: the key in jks; PKCS12: the friendly name
	entry Entry
	der   []byte // the certificate as stored (PKCS12 writes it back)
}

// Store is a decoded keystore. It is not safe for concurrent use.
type Store struct {
	typ Type
	// jks holds every JKS entry's bytes, including encrypted private keys
	// this package never decrypts; Encode writes them back unchanged.
	jks   keystore.KeyStore
	items map[string]*item // by lower-case alias
	// legacy: decoded from a PKCS12 file with only pre-2021 algorithms.
	legacy bool
	// passwordless: decoded from a PKCS12 file without MAC or encryption.
	passwordless bool
}

// newJKS returns a keystore-go store with the options this package relies
// on: aliases as spelled (we normalise ourselves) and a stable order.
func newJKS() keystore.KeyStore {
	return keystore.New(keystore.WithCaseExactAliases(), keystore.WithOrderedAliases())
}

// New returns an empty store of type t.
func New(t Type) *Store {
	s := &Store{typ: t, items: map[string]*item{}}
	if t == JKS {
		s.jks = newJKS()
	}
	return s
}

// Type returns the store's format.
func (s *Store) Type() Type { return s.typ }

// PKCS12Encoder returns the encoder that keeps a decoded PKCS12 file
// readable by whatever wrote it: LegacyDES when the file uses only legacy
// algorithms (a SHA-1 MAC, no PBES2: JDK 8 before 8u301, 11 before 11.0.12),
// Passwordless when it had neither a MAC nor encryption (JDK 18+ cacerts),
// Modern2023 otherwise and for JKS and new stores.
func (s *Store) PKCS12Encoder() PKCS12Encoder {
	if s.passwordless {
		return Passwordless
	}
	if s.legacy {
		return LegacyDES
	}
	return Modern2023
}

// Len returns the number of entries of every kind.
func (s *Store) Len() int { return len(s.items) }

// Aliases returns every alias (lower case), sorted.
func (s *Store) Aliases() []string {
	out := make([]string, 0, len(s.items))
	for k := range s.items {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Trusted returns the trusted-certificate entries, sorted by alias.
func (s *Store) Trusted() []Entry {
	var out []Entry
	for _, a := range s.Aliases() {
		if e := s.items[a].entry; !e.PrivateKey {
			out = append(out, e)
		}
	}
	return out
}

// Lookup returns the entry under alias (any case).
func (s *Store) Lookup(alias string) (Entry, bool) {
	it, ok := s.items[normalizeAlias(alias)]
	if !ok {
		return Entry{}, false
	}
	return it.entry, true
}

// FindBySHA256 returns, sorted, the aliases of the trusted-certificate
// entries whose certificate has fingerprint fp (colons and case optional).
// Private key entries are not searched: they are not trust anchors.
func (s *Store) FindBySHA256(fp string) []string {
	fp = normalizeFingerprint(fp)
	var out []string
	for _, e := range s.Trusted() {
		if e.SHA256 == fp {
			out = append(out, e.Alias)
		}
	}
	return out
}

// SetTrusted puts cert under alias as a trusted-certificate entry created
// at created, replacing whatever the alias held (callers that must not
// replace a private key entry check Lookup first). Other entries are not
// touched. A JKS writes the alias in lower case, a PKCS12 as given; PKCS12
// keeps no creation date. cert must have its DER in Raw.
func (s *Store) SetTrusted(alias string, cert *x509.Certificate, created time.Time) {
	if cert == nil || len(cert.Raw) == 0 {
		panic("javaks: SetTrusted needs a parsed certificate")
	}
	key := normalizeAlias(alias)
	name := alias
	if s.typ == JKS {
		name = key
		if old, ok := s.items[key]; ok {
			s.jks.DeleteEntry(old.name)
		}
		entry := keystore.TrustedCertificateEntry{
			CreationTime: created,
			Certificate:  keystore.Certificate{Type: "X.509", Content: cert.Raw},
		}
		// Only an empty type or content fails, and neither is.
		if err := s.jks.SetTrustedCertificateEntry(name, entry); err != nil {
			panic("javaks: " + err.Error())
		}
		created = time.UnixMilli(created.UnixMilli()) // what the file keeps
	} else {
		created = time.Time{}
	}
	s.items[key] = &item{name: name, der: cert.Raw, entry: Entry{
		Alias:   key,
		Cert:    cert,
		SHA256:  SHA256Fingerprint(cert),
		Created: created,
	}}
}

// Delete removes the entry under alias (any case), if there is one.
func (s *Store) Delete(alias string) {
	key := normalizeAlias(alias)
	it, ok := s.items[key]
	if !ok {
		return
	}
	if s.typ == JKS {
		s.jks.DeleteEntry(it.name)
	}
	delete(s.items, key)
}

// normalizeAlias is Java's alias folding (toLowerCase(Locale.ENGLISH)).
func normalizeAlias(alias string) string { return NormalizeAlias(alias) }

// NormalizeAlias is an alias as keytool stores and compares it: lower case
// (JKS aliases are case-insensitive).
func NormalizeAlias(alias string) string { return strings.ToLower(alias) }
