package bulkcsv

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Param is one key=value item of connectionInfo.
type Param struct {
	Key   string
	Value string
}

// ConnectionInfo is the connectionInfo column: key=value items in order.
// It prints with every fmt verb as its encoding with the password masked.
type ConnectionInfo []Param

// Get returns the value of the first item with this key.
func (c ConnectionInfo) Get(key string) (string, bool) {
	for _, p := range c {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}

// Set replaces the value of the first item with this key, or appends one.
func (c *ConnectionInfo) Set(key, value string) {
	for i := range *c {
		if (*c)[i].Key == key {
			(*c)[i].Value = value
			return
		}
	}
	*c = append(*c, Param{key, value})
}

// Encode renders the items as "k=v&k=v" with keys and values escaped.
func (c ConnectionInfo) Encode() string {
	var b strings.Builder
	for i, p := range c {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(Escape(p.Key))
		b.WriteByte('=')
		b.WriteString(Escape(p.Value))
	}
	return b.String()
}

// Format prints the encoding with the password's value replaced by
// "******", whatever the verb.
func (c ConnectionInfo) Format(f fmt.State, _ rune) {
	masked := make(ConnectionInfo, len(c))
	for i, p := range c {
		if p.Key == KeyPassword && p.Value != "" {
			p.Value = "******"
		}
		masked[i] = p
	}
	_, _ = io.WriteString(f, masked.Encode())
}

// ParseConnectionInfo decodes a connectionInfo field. Errors name the item
// and the key, never a value.
func ParseConnectionInfo(s string) (ConnectionInfo, error) {
	if s == "" {
		return nil, nil
	}
	var out ConnectionInfo
	for i, item := range strings.Split(s, "&") {
		rawKey, rawValue, ok := strings.Cut(item, "=")
		if !ok {
			return nil, fmt.Errorf("item %d has no '='", i+1)
		}
		key, err := Unescape(rawKey)
		if err != nil {
			return nil, fmt.Errorf("item %d: key: %w", i+1, err)
		}
		if key == "" {
			return nil, fmt.Errorf("item %d has an empty key", i+1)
		}
		value, err := Unescape(rawValue)
		if err != nil {
			return nil, fmt.Errorf("item %d (%s): value: %w", i+1, key, err)
		}
		out = append(out, Param{key, value})
	}
	return out, nil
}

// needsEscape reports whether b is escaped inside a key or value.
func needsEscape(b byte) bool {
	switch b {
	case '%', '&', '=', ',', ';', '"':
		return true
	}
	return b < 0x20 || b == 0x7f
}

const hexDigits = "0123456789ABCDEF"

// Escape percent-escapes '%', '&', '=', ',', ';', '"' and control
// characters; other bytes (UTF-8 included) are kept.
func Escape(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if needsEscape(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if needsEscape(c) {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// errBadEscape is a '%' not followed by two hex digits.
var errBadEscape = errors.New("'%' not followed by two hex digits")

// Unescape decodes %XX sequences (any byte, upper or lower case hex). The
// error gives the position, never the text.
func Unescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("at byte %d: %w", i+1, errBadEscape)
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", fmt.Errorf("at byte %d: %w", i+1, errBadEscape)
		}
		b.WriteByte(hi<<4 | lo)
		i += 2
	}
	return b.String(), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
