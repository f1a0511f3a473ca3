package pfx

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/subtle"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/javaks/internal/rc2"
)

// maxIterations bounds KDF iteration counts read from a file; it is the
// limit Java's PKCS12KeyStore applies.
const maxIterations = 5_000_000

var (
	oidPBEWithSHAAnd3KeyTripleDESCBC = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}
	oidPBEWithSHAAnd128BitRC2CBC     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 5}
	oidPBEWithSHAAnd40BitRC2CBC      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 6}
	oidPBES2                         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2                        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidAES128CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC                     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

// pbeParams are the parameters of the PKCS#12 PBE schemes.
type pbeParams struct {
	Salt       []byte
	Iterations int
}

type pbes2Params struct {
	KDF              pkix.AlgorithmIdentifier
	EncryptionScheme pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt       asn1.RawValue
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"`
}

// errBadPadding says the decrypted data did not end in valid padding: the
// password (or the data) is wrong.
var errBadPadding = fmt.Errorf("%w: decryption failed", ErrPassword)

// decrypt decrypts one encrypted content with the scheme alg names.
func decrypt(alg pkix.AlgorithmIdentifier, data []byte, password string) ([]byte, error) {
	block, iv, err := cipherFor(alg, password)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	if len(data) == 0 || len(data)%bs != 0 {
		return nil, fmt.Errorf("%w: encrypted data is not a whole number of blocks", ErrMalformed)
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > bs {
		return nil, errBadPadding
	}
	want := make([]byte, pad)
	for i := range want {
		want[i] = byte(pad)
	}
	if subtle.ConstantTimeCompare(out[len(out)-pad:], want) != 1 {
		return nil, errBadPadding
	}
	return out[:len(out)-pad], nil
}

// cipherFor derives the block cipher and IV of one encryption scheme.
func cipherFor(alg pkix.AlgorithmIdentifier, password string) (cipher.Block, []byte, error) {
	if alg.Algorithm.Equal(oidPBES2) {
		return pbes2Cipher(alg, password)
	}
	var keyLen int
	var newCipher func(key []byte) (cipher.Block, error)
	switch {
	case alg.Algorithm.Equal(oidPBEWithSHAAnd3KeyTripleDESCBC):
		keyLen, newCipher = 24, des.NewTripleDESCipher
	case alg.Algorithm.Equal(oidPBEWithSHAAnd128BitRC2CBC):
		keyLen, newCipher = 16, func(k []byte) (cipher.Block, error) { return rc2.New(k, 128) }
	case alg.Algorithm.Equal(oidPBEWithSHAAnd40BitRC2CBC):
		keyLen, newCipher = 5, func(k []byte) (cipher.Block, error) { return rc2.New(k, 40) }
	default:
		return nil, nil, fmt.Errorf("%w: encryption algorithm %s", ErrUnsupported, alg.Algorithm)
	}
	var p pbeParams
	if err := unmarshal(alg.Parameters.FullBytes, &p); err != nil {
		return nil, nil, fmt.Errorf("%w: encryption parameters: %v", ErrMalformed, err)
	}
	if err := checkIterations(p.Iterations); err != nil {
		return nil, nil, err
	}
	pw := bmpPassword(password)
	key := kdf(sha1Alg, idKey, p.Salt, pw, p.Iterations, keyLen)
	iv := kdf(sha1Alg, idIV, p.Salt, pw, p.Iterations, 8)
	block, err := newCipher(key)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return block, iv, nil
}

// pbes2Cipher handles PBES2 (RFC 8018) with PBKDF2 and AES-CBC. The password
// is used as UTF-8, as Java and OpenSSL do for PBES2 inside PKCS#12.
func pbes2Cipher(alg pkix.AlgorithmIdentifier, password string) (cipher.Block, []byte, error) {
	var p pbes2Params
	if err := unmarshal(alg.Parameters.FullBytes, &p); err != nil {
		return nil, nil, fmt.Errorf("%w: PBES2 parameters: %v", ErrMalformed, err)
	}
	var keyLen int
	switch {
	case p.EncryptionScheme.Algorithm.Equal(oidAES128CBC):
		keyLen = 16
	case p.EncryptionScheme.Algorithm.Equal(oidAES192CBC):
		keyLen = 24
	case p.EncryptionScheme.Algorithm.Equal(oidAES256CBC):
		keyLen = 32
	default:
		return nil, nil, fmt.Errorf("%w: PBES2 encryption scheme %s", ErrUnsupported, p.EncryptionScheme.Algorithm)
	}
	var iv []byte
	if err := unmarshal(p.EncryptionScheme.Parameters.FullBytes, &iv); err != nil || len(iv) != aes.BlockSize {
		return nil, nil, fmt.Errorf("%w: PBES2 initialisation vector", ErrMalformed)
	}
	key, err := pbkdf2Key(p.KDF, password, keyLen)
	if err != nil {
		return nil, nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return block, iv, nil
}

// pbkdf2Key derives keyLen bytes with the PBKDF2 parameters in kdfAlg. A key
// length written in the parameters must equal keyLen.
func pbkdf2Key(kdfAlg pkix.AlgorithmIdentifier, password string, keyLen int) ([]byte, error) {
	if !kdfAlg.Algorithm.Equal(oidPBKDF2) {
		return nil, fmt.Errorf("%w: key derivation %s", ErrUnsupported, kdfAlg.Algorithm)
	}
	var p pbkdf2Params
	if err := unmarshal(kdfAlg.Parameters.FullBytes, &p); err != nil {
		return nil, fmt.Errorf("%w: PBKDF2 parameters: %v", ErrMalformed, err)
	}
	if p.Salt.Class != asn1.ClassUniversal || p.Salt.Tag != asn1.TagOctetString {
		return nil, fmt.Errorf("%w: PBKDF2 salt that is not an octet string", ErrUnsupported)
	}
	if p.KeyLength != 0 && p.KeyLength != keyLen {
		return nil, fmt.Errorf("%w: PBKDF2 key length %d, want %d", ErrMalformed, p.KeyLength, keyLen)
	}
	if err := checkIterations(p.Iterations); err != nil {
		return nil, err
	}
	prf, ok := hmacAlg(p.PRF.Algorithm)
	if !ok {
		return nil, fmt.Errorf("%w: PBKDF2 pseudo-random function %s", ErrUnsupported, p.PRF.Algorithm)
	}
	key, err := pbkdf2.Key(prf.new, password, p.Salt.Bytes, p.Iterations, keyLen)
	if err != nil {
		return nil, fmt.Errorf("%w: PBKDF2: %v", ErrUnsupported, err)
	}
	return key, nil
}

func checkIterations(n int) error {
	if n < 1 {
		return fmt.Errorf("%w: iteration count %d", ErrMalformed, n)
	}
	if n > maxIterations {
		return fmt.Errorf("%w: iteration count %d is above %d", ErrUnsupported, n, maxIterations)
	}
	return nil
}
