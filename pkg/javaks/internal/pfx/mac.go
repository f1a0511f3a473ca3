package pfx

import (
	"crypto/hmac"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
)

var oidPBMAC1 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}

// macData is the integrity part of a PFX.
type macData struct {
	Mac        digestInfo
	MacSalt    []byte
	Iterations int `asn1:"optional,default:1"`
}

type digestInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Digest    []byte
}

type pbmac1Params struct {
	KDF    pkix.AlgorithmIdentifier
	MacAlg pkix.AlgorithmIdentifier
}

// verifyMAC checks the MAC over content. A mismatch is ErrPassword. As Java
// and go-pkcs12 do, an empty password is tried both as the two-byte BMP
// terminator and as no bytes at all.
func verifyMAC(m *macData, content []byte, password string) error {
	sum, err := computeMAC(m, content, bmpPassword(password), password)
	if err != nil {
		return err
	}
	if hmac.Equal(sum, m.Mac.Digest) {
		return nil
	}
	if password == "" {
		sum, err = computeMAC(m, content, nil, password)
		if err == nil && hmac.Equal(sum, m.Mac.Digest) {
			return nil
		}
	}
	return fmt.Errorf("%w (or the file was tampered with)", ErrPassword)
}

func computeMAC(m *macData, content, bmp []byte, password string) ([]byte, error) {
	if m.Mac.Algorithm.Algorithm.Equal(oidPBMAC1) {
		return pbmac1(m.Mac.Algorithm, content, password)
	}
	alg, ok := digestAlg(m.Mac.Algorithm.Algorithm)
	if !ok {
		return nil, fmt.Errorf("%w: MAC algorithm %s", ErrUnsupported, m.Mac.Algorithm.Algorithm)
	}
	if err := checkIterations(m.Iterations); err != nil {
		return nil, err
	}
	key := kdf(alg, idMAC, m.MacSalt, bmp, m.Iterations, alg.new().Size())
	h := hmac.New(alg.new, key)
	h.Write(content)
	return h.Sum(nil), nil
}

// pbmac1 is the MAC of RFC 9579: PBKDF2 over the UTF-8 password, then HMAC.
func pbmac1(alg pkix.AlgorithmIdentifier, content []byte, password string) ([]byte, error) {
	var p pbmac1Params
	if err := unmarshal(alg.Parameters.FullBytes, &p); err != nil {
		return nil, fmt.Errorf("%w: PBMAC1 parameters: %v", ErrMalformed, err)
	}
	mac, ok := hmacAlg(p.MacAlg.Algorithm)
	if !ok || len(p.MacAlg.Algorithm) == 0 {
		return nil, fmt.Errorf("%w: PBMAC1 MAC algorithm %s", ErrUnsupported, p.MacAlg.Algorithm)
	}
	var kp pbkdf2Params
	if err := unmarshal(p.KDF.Parameters.FullBytes, &kp); err != nil {
		return nil, fmt.Errorf("%w: PBMAC1 key derivation parameters: %v", ErrMalformed, err)
	}
	// RFC 9579 requires an explicit key length; short keys allow forgeries
	// and long ones only cost time.
	if kp.KeyLength < 20 || kp.KeyLength > 64 {
		return nil, fmt.Errorf("%w: PBMAC1 key length %d", ErrMalformed, kp.KeyLength)
	}
	key, err := pbkdf2Key(p.KDF, password, kp.KeyLength)
	if err != nil {
		return nil, err
	}
	h := hmac.New(mac.new, key)
	h.Write(content)
	return h.Sum(nil), nil
}
