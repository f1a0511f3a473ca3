package lab

import (
	"bytes"
	"strings"
	"testing"
)

func TestRandomPassword(t *testing.T) {
	tests := map[string]struct {
		in   []byte
		want string
	}{
		// 0..61 map onto the alphabet; 248..255 are rejected.
		"first letters":           {[]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, "ABCDEFGHIJKLMNOPQRSTUVWX"},
		"rejects the biased tail": {append(bytes.Repeat([]byte{255}, 24), bytes.Repeat([]byte{61}, 24)...), strings.Repeat("9", 24)},
		"wraps around":            {bytes.Repeat([]byte{62}, 24), strings.Repeat("A", 24)},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := randomPassword(bytes.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q want %q", got, tt.want)
			}
		})
	}
}

func TestRandomPasswordShortRand(t *testing.T) {
	if _, err := randomPassword(bytes.NewReader(make([]byte, 10))); err == nil {
		t.Error("a short Rand gave a password")
	}
}
