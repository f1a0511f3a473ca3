package pfx

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"unicode/utf16"
)

// Sentinel errors; every error of this package wraps exactly one of them.
var (
	// ErrPassword: the MAC does not match, or (without a MAC) decryption
	// failed. Either the password is wrong or the file was altered.
	ErrPassword = errors.New("wrong keystore password")
	// ErrMalformed: the data is not a well-formed PKCS#12 file.
	ErrMalformed = errors.New("malformed PKCS#12 data")
	// ErrUnsupported: a well-formed file uses something this package does
	// not read, or holds something other than trusted certificates.
	ErrUnsupported = errors.New("unsupported PKCS#12 content")
)

var (
	oidDataContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedDataContentType = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidEnvelopedDataContentType = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}

	oidKeyBag               = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidPKCS8ShroudedKeyBag  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidCRLBag               = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 4}
	oidSecretBag            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 5}
	oidSafeContentsBag      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 6}
	oidCertTypeX509         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidJavaTrustedKeyUsages = asn1.ObjectIdentifier{2, 16, 840, 1, 113894, 746875, 1, 1}
)

// CertBag is one certificate of a trust store.
type CertBag struct {
	// FriendlyName is the bag's friendlyName attribute (the Java alias as
	// written, case kept); HasFriendlyName says whether there was one.
	FriendlyName    string
	HasFriendlyName bool
	// Trusted says the bag carries Java's trusted-key-usage attribute
	// (2.16.840.1.113894.746875.1.1), which makes it a trustedCertEntry.
	Trusted bool
	// KeyID says the bag has a localKeyId, tying it to a private key.
	KeyID bool
	// DER is the certificate.
	DER []byte
}

type pfxPDU struct {
	Version  int
	AuthSafe contentInfo
	MacData  macData `asn1:"optional"`
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type encryptedData struct {
	Version              int
	EncryptedContentInfo encryptedContentInfo
}

type encryptedContentInfo struct {
	ContentType                asn1.ObjectIdentifier
	ContentEncryptionAlgorithm pkix.AlgorithmIdentifier
	EncryptedContent           []byte `asn1:"tag:0,optional"`
}

type safeBag struct {
	ID         asn1.ObjectIdentifier
	Value      asn1.RawValue `asn1:"tag:0,explicit"`
	Attributes []attribute   `asn1:"set,optional"`
}

type attribute struct {
	ID     asn1.ObjectIdentifier
	Values asn1.RawValue `asn1:"set"`
}

type certBag struct {
	ID   asn1.ObjectIdentifier
	Data []byte `asn1:"tag:0,explicit"`
}

// Info describes how a file was protected.
type Info struct {
	// Legacy is set when the file uses only pre-2021 algorithms: a SHA-1
	// MAC (or none) and no PBES2 encryption. That is what JDK 8 before
	// 8u301 (and 11 before 11.0.12) writes and all it can read.
	Legacy bool
	// Passwordless is set when the file has neither a MAC nor encrypted
	// content (the JDK 18+ cacerts): any password opens it, and it must be
	// written back password-less.
	Passwordless bool
}

// ReadTrustStore decodes a PKCS#12 file and returns its certificate bags in
// file order. It returns an error wrapping ErrPassword, ErrMalformed or
// ErrUnsupported; a bag that is not a certificate is ErrUnsupported.
func ReadTrustStore(data []byte, password string) ([]CertBag, Info, error) {
	var pdu pfxPDU
	if err := unmarshal(data, &pdu); err != nil {
		if len(data) > 1 && data[1] == 0x80 {
			return nil, Info{}, fmt.Errorf("%w: BER indefinite-length encoding", ErrUnsupported)
		}
		return nil, Info{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if pdu.Version != 3 {
		return nil, Info{}, fmt.Errorf("%w: PFX version %d", ErrUnsupported, pdu.Version)
	}
	if !pdu.AuthSafe.ContentType.Equal(oidDataContentType) {
		return nil, Info{}, fmt.Errorf("%w: public-key integrity mode", ErrUnsupported)
	}
	var authSafe []byte
	if err := unmarshal(pdu.AuthSafe.Content.Bytes, &authSafe); err != nil {
		return nil, Info{}, fmt.Errorf("%w: authenticated safe: %v", ErrMalformed, err)
	}
	hasMAC := len(pdu.MacData.Mac.Algorithm.Algorithm) > 0
	info := Info{Legacy: !hasMAC || pdu.MacData.Mac.Algorithm.Algorithm.Equal(oidSHA1)}
	if hasMAC {
		if err := verifyMAC(&pdu.MacData, authSafe, password); err != nil {
			return nil, Info{}, err
		}
	}
	var contents []contentInfo
	if err := unmarshal(authSafe, &contents); err != nil {
		return nil, Info{}, fmt.Errorf("%w: authenticated safe: %v", ErrMalformed, err)
	}
	var out []CertBag
	info.Passwordless = !hasMAC
	for i, ci := range contents {
		if isEncrypted(ci) {
			info.Passwordless = false
		}
		if usesPBES2(ci) {
			info.Legacy = false
		}
		plain, err := openContent(ci, password, hasMAC)
		if err != nil {
			return nil, Info{}, fmt.Errorf("content %d: %w", i, err)
		}
		var bags []safeBag
		if err := unmarshal(plain, &bags); err != nil {
			if !hasMAC && isEncrypted(ci) {
				return nil, Info{}, fmt.Errorf("%w: decryption failed", ErrPassword)
			}
			return nil, Info{}, fmt.Errorf("%w: content %d: safe contents: %v", ErrMalformed, i, err)
		}
		for j, b := range bags {
			cb, err := readBag(b)
			if err != nil {
				if errors.Is(err, ErrUnsupported) {
					return nil, Info{}, err // says what the file holds; positions do not help
				}
				return nil, Info{}, fmt.Errorf("content %d, bag %d: %w", i, j, err)
			}
			out = append(out, cb)
		}
	}
	return out, info, nil
}

func isEncrypted(ci contentInfo) bool { return ci.ContentType.Equal(oidEncryptedDataContentType) }

// usesPBES2 tells whether an encrypted content uses PBES2; unparsable
// content is reported by openContent.
func usesPBES2(ci contentInfo) bool {
	var ed encryptedData
	if !isEncrypted(ci) || unmarshal(ci.Content.Bytes, &ed) != nil {
		return false
	}
	return ed.EncryptedContentInfo.ContentEncryptionAlgorithm.Algorithm.Equal(oidPBES2)
}

// openContent returns the SafeContents bytes of one content, decrypted if
// needed. With a verified MAC a decryption failure is malformed data, not a
// wrong password.
func openContent(ci contentInfo, password string, macVerified bool) ([]byte, error) {
	switch {
	case ci.ContentType.Equal(oidDataContentType):
		var plain []byte
		if err := unmarshal(ci.Content.Bytes, &plain); err != nil {
			return nil, fmt.Errorf("%w: data content: %v", ErrMalformed, err)
		}
		return plain, nil
	case isEncrypted(ci):
		var ed encryptedData
		if err := unmarshal(ci.Content.Bytes, &ed); err != nil {
			return nil, fmt.Errorf("%w: encrypted content: %v", ErrMalformed, err)
		}
		if ed.Version != 0 {
			return nil, fmt.Errorf("%w: encrypted data version %d", ErrUnsupported, ed.Version)
		}
		eci := ed.EncryptedContentInfo
		plain, err := decrypt(eci.ContentEncryptionAlgorithm, eci.EncryptedContent, password)
		if errors.Is(err, ErrPassword) && macVerified {
			return nil, fmt.Errorf("%w: the content does not decrypt with the password that verified the MAC", ErrMalformed)
		}
		return plain, err
	case ci.ContentType.Equal(oidEnvelopedDataContentType):
		return nil, fmt.Errorf("%w: public-key privacy mode", ErrUnsupported)
	}
	return nil, fmt.Errorf("%w: content type %s", ErrUnsupported, ci.ContentType)
}

// readBag turns one safe bag into a CertBag, or refuses it.
func readBag(b safeBag) (CertBag, error) {
	switch {
	case b.ID.Equal(oidCertBag):
	case b.ID.Equal(oidKeyBag), b.ID.Equal(oidPKCS8ShroudedKeyBag):
		return CertBag{}, fmt.Errorf("%w: holds private keys; only trust stores can be edited", ErrUnsupported)
	case b.ID.Equal(oidSecretBag):
		return CertBag{}, fmt.Errorf("%w: holds secret keys; only trust stores can be edited", ErrUnsupported)
	case b.ID.Equal(oidCRLBag):
		return CertBag{}, fmt.Errorf("%w: holds certificate revocation lists; only trust stores can be edited", ErrUnsupported)
	case b.ID.Equal(oidSafeContentsBag):
		return CertBag{}, fmt.Errorf("%w: holds nested safe contents", ErrUnsupported)
	default:
		return CertBag{}, fmt.Errorf("%w: holds a bag of type %s", ErrUnsupported, b.ID)
	}
	var cb certBag
	if err := unmarshal(b.Value.Bytes, &cb); err != nil {
		return CertBag{}, fmt.Errorf("%w: certificate bag: %v", ErrMalformed, err)
	}
	if !cb.ID.Equal(oidCertTypeX509) {
		return CertBag{}, fmt.Errorf("%w: certificate type %s", ErrUnsupported, cb.ID)
	}
	out := CertBag{DER: cb.Data}
	for _, a := range b.Attributes {
		switch {
		case a.ID.Equal(oidFriendlyName):
			var v asn1.RawValue
			if err := unmarshal(a.Values.Bytes, &v); err != nil || v.Tag != asn1.TagBMPString {
				return CertBag{}, fmt.Errorf("%w: friendly name is not a BMPString", ErrMalformed)
			}
			name, err := decodeBMP(v.Bytes)
			if err != nil {
				return CertBag{}, err
			}
			out.FriendlyName, out.HasFriendlyName = name, true
		case a.ID.Equal(oidJavaTrustedKeyUsages):
			out.Trusted = true
		case a.ID.Equal(oidLocalKeyID):
			out.KeyID = true
		}
	}
	return out, nil
}

// decodeBMP decodes UTF-16 big-endian, dropping a trailing zero terminator.
func decodeBMP(b []byte) (string, error) {
	if len(b)%2 != 0 {
		return "", fmt.Errorf("%w: odd-length BMPString", ErrMalformed)
	}
	if n := len(b); n >= 2 && b[n-1] == 0 && b[n-2] == 0 {
		b = b[:n-2]
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(units)), nil
}

// unmarshal is asn1.Unmarshal that also refuses trailing bytes.
func unmarshal(in []byte, out any) error {
	rest, err := asn1.Unmarshal(in, out)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return errors.New("trailing data")
	}
	return nil
}
