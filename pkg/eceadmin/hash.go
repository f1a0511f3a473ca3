package eceadmin

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
)

// HashPrefix starts every keyed hash.
const HashPrefix = "hmac-sha256:"

// keySize is the length of a hash key in bytes.
const keySize = 32

// HashSecret returns the keyed hash of value: "hmac-sha256:" and the hex
// HMAC-SHA256 of value under key.
func HashSecret(key []byte, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(value))
	return HashPrefix + hex.EncodeToString(m.Sum(nil))
}

// Seal returns t with ValuesHash set: the keyed hash, under b's key, of the
// section, the scope and every field's label and value, a secret field
// counting with its resolved value from t.Secrets. A secret field with a
// reference but no resolved value is an error naming the label.
func Seal(ctx context.Context, b Backend, t Task) (Task, error) {
	c, err := canonicalValues(t)
	if err != nil {
		return Task{}, err
	}
	h, err := b.Hash(ctx, c)
	if err != nil {
		return Task{}, err
	}
	t.ValuesHash = h
	return t, nil
}

// canonicalValues is the unambiguous text Seal hashes: fields sorted by
// label, every string quoted.
func canonicalValues(t Task) (string, error) {
	fields := slices.Clone(t.Fields)
	slices.SortFunc(fields, func(a, b Field) int { return strings.Compare(a.Label, b.Label) })
	var sb strings.Builder
	sb.WriteString("ecereconcile/eceadmin values v1\n")
	sb.WriteString(strconv.Quote(string(t.Section)) + " " + strconv.Quote(t.Scope) + "\n")
	for i, f := range fields {
		if i > 0 && fields[i-1].Label == f.Label {
			return "", fmt.Errorf("%s: field %q appears twice", t.Section, f.Label)
		}
		v, err := fieldValue(t, f)
		if err != nil {
			return "", err
		}
		sb.WriteString(strconv.Quote(f.Label) + "=" + strconv.Quote(v) + "\n")
	}
	return sb.String(), nil
}

// fieldValue is the value a field really sets: the resolved secret for a
// secret field with a reference, the Value otherwise.
func fieldValue(t Task, f Field) (string, error) {
	if !f.Secret || f.Value == "" {
		return f.Value, nil
	}
	v, ok := t.Secrets[f.Label]
	if !ok || v == "" {
		return "", fmt.Errorf("%s: field %q: secret %s was not resolved", t.Section, f.Label, f.Value)
	}
	return v, nil
}

// KeyFile is the random key of a keyed hash, kept hex-encoded in a file
// (mode 0600): loaded, or created on first use. The ECE backends and the
// inventory's password records each keep one.
type KeyFile struct {
	path string
	rand io.Reader

	mu  sync.Mutex
	key []byte
}

// NewKeyFile returns the key kept at path; random draws a new one (nil
// means crypto/rand).
func NewKeyFile(path string, random io.Reader) *KeyFile {
	if random == nil {
		random = rand.Reader
	}
	return &KeyFile{path: path, rand: random}
}

// Existing returns the key, or nil when the file does not exist yet.
func (k *KeyFile) Existing() ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.load()
}

// Get returns the key, creating the file (its folder 0700) when it does
// not exist.
func (k *KeyFile) Get() ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	key, err := k.load()
	if key != nil || err != nil {
		return key, err
	}
	key = make([]byte, keySize)
	if _, err := io.ReadFull(k.rand, key); err != nil {
		return nil, fmt.Errorf("hash key %s: generating: %w", k.path, err)
	}
	if err := os.MkdirAll(filepath.Dir(k.path), 0o700); err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	if err := atomicfile.WriteFile(k.path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	k.key = key
	return key, nil
}

// load reads the file once; nil, nil when it does not exist. k.mu is held.
func (k *KeyFile) load() ([]byte, error) {
	if k.key != nil {
		return k.key, nil
	}
	b, err := os.ReadFile(k.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("hash key: %w", err)
	}
	key, derr := hex.DecodeString(strings.TrimSpace(string(b)))
	if derr != nil || len(key) != keySize {
		return nil, fmt.Errorf("hash key %s: not %d hex-encoded bytes", k.path, keySize)
	}
	k.key = key
	return key, nil
}

// hash is HashSecret under the file's key.
func (k *KeyFile) hash(ctx context.Context, value string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	key, err := k.Get()
	if err != nil {
		return "", err
	}
	return HashSecret(key, value), nil
}
