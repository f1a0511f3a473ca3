package spec

import (
	"testing"
	"unicode/utf16"
)

// utf16LE encodes s as UTF-16LE with its byte order mark.
func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

const header = "apiVersion: ecereconcile/v1\nkind: Environment\n"

// TestSyntaxErrorPositions: every YAML syntax error names a line, and
// the ones yaml.v3 gives without a line name the right one (and a column
// when it is known).
func TestSyntaxErrorPositions(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string // the whole error text
	}{
		{"line named by yaml.v3", []byte(header + "hosts:\n\t- bad\n"),
			"s.yaml:4: invalid YAML: found character that cannot start any token"},
		{"first line", []byte("@lab\n"),
			"s.yaml:1: invalid YAML: found character that cannot start any token"},
		{"first line unterminated quote", []byte(`"`),
			"s.yaml:1: invalid YAML: found unexpected end of stream"},
		{"first line escape", []byte(`a: "C:\pcce"` + "\n"),
			"s.yaml:1: invalid YAML: found unknown escape character\n  hint: " + escapeHint},
		{"control character", []byte(header + "metadata:\n  name: a\x01b\n"),
			"s.yaml:4:10: invalid YAML: control characters are not allowed (U+0001)\n  hint: " + controlHint},
		{"control character in a comment", []byte(header + "# é\x7f\n"),
			"s.yaml:3:4: invalid YAML: control characters are not allowed (U+007F)\n  hint: " + controlHint},
		{"control character after a BOM", []byte("\xEF\xBB\xBFa: \x00\n"),
			"s.yaml:1:4: invalid YAML: control characters are not allowed (U+0000)\n  hint: " + controlHint},
		{"control character after CRLF", []byte("a: 1\r\nb: 2\r\n  c\x1b\r\n"),
			"s.yaml:3:4: invalid YAML: control characters are not allowed (U+001B)\n  hint: " + controlHint},
		{"control character after CR and NEL", []byte("a: 1\rb: \u0085x\x02\n"),
			"s.yaml:3:2: invalid YAML: control characters are not allowed (U+0002)\n  hint: " + controlHint},
		{"invalid UTF-8", []byte(header + "metadata: {name: caf\xe9}\n"),
			"s.yaml:3:21: invalid YAML: invalid trailing UTF-8 octet (byte 0xE9)\n  hint: " + encodingHint + " (its bytes look like another encoding, such as Windows-1252)"},
		{"truncated UTF-8", []byte(header + "metadata: {name: caf\xc3"),
			"s.yaml:3:21: invalid YAML: incomplete UTF-8 octet sequence (byte 0xC3)\n  hint: " + encodingHint + " (its bytes look like another encoding, such as Windows-1252)"},
		{"UTF-16 control character", utf16LE(header + "metadata:\n  name: a\x01\n"),
			"s.yaml:4:10: invalid YAML: control characters are not allowed (U+0001)\n  hint: " + controlHint},
		{"UTF-16 unpaired surrogate", append(utf16LE(header+"a: "), 0x00, 0xDC, '\n', 0),
			"s.yaml:3:4: invalid YAML: unexpected low surrogate area (an unpaired surrogate U+DC00, not UTF-16LE)\n  hint: " + encodingHint},
		{"unknown anchor", []byte(header + "# no *nope here\nhosts:\n  - *nope\n"),
			"s.yaml:5:5: invalid YAML: unknown anchor 'nope' referenced\n  hint: " + anchorHint},
		{"unknown anchor after a longer one", []byte(header + "a: &nopes 1\nb: [*nopes, *nope]\n"),
			"s.yaml:4:13: invalid YAML: unknown anchor 'nope' referenced\n  hint: " + anchorHint},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("s.yaml", c.data, nil)
			if err == nil {
				t.Fatal("Parse accepted the spec")
			}
			for _, fe := range FieldErrors(err) {
				if fe.Line < 1 {
					t.Errorf("no line: %v", fe)
				}
			}
			if got := err.Error(); got != c.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}
