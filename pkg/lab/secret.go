package lab

import (
	"fmt"
	"io"
)

// passwordAlphabet is what the generated keystore password is made of:
// letters and digits only, so it survives any shell or config file.
const passwordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// passwordLen is the generated password's length (about 143 bits).
const passwordLen = 24

// randomPassword reads an unbiased alphanumeric password from random.
func randomPassword(random io.Reader) ([]byte, error) {
	// Bytes at or above limit are rejected so that every letter is equally
	// likely.
	const limit = 256 - 256%len(passwordAlphabet)
	out := make([]byte, 0, passwordLen)
	buf := make([]byte, passwordLen)
	for len(out) < passwordLen {
		if _, err := io.ReadFull(random, buf); err != nil {
			return nil, fmt.Errorf("reading random password: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < passwordLen {
				out = append(out, passwordAlphabet[int(b)%len(passwordAlphabet)])
			}
		}
	}
	return out, nil
}
