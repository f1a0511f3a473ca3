package spec

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A YAML syntax error always names a line. yaml.v3 writes "line N: " in
// front of its message except in three cases, where the position is found
// here instead:
//
//   - its reader refused a character (a control character, bytes that are
//     not UTF-8): the first such character of the file is the one refused,
//     since the reader decodes the input in order; its line and column are
//     computed (readerProblems, badChar);
//   - an alias names an anchor never defined: the first "*name" written as
//     an alias is taken as the one refused (a line holding only a comment is
//     skipped; an earlier "*name" inside a quoted string would be taken
//     instead);
//   - any other problem: yaml.v3 leaves the line out when it is the first
//     one (its lines count from 0, and 0 means unknown), so line 1.
//
// The column is known only for the first two.

// yamlLine matches yaml.v3's syntax errors that name their line.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// unknownAnchor matches yaml.v3's error for an alias to an undefined anchor.
var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// readerProblems are the messages of yaml.v3's reader (readerc.go) about
// the input's characters; they come without a position.
var readerProblems = []string{
	"control characters are not allowed",
	"invalid leading UTF-8 octet",
	"incomplete UTF-8 octet sequence",
	"invalid trailing UTF-8 octet",
	"invalid length of a UTF-8 sequence",
	"invalid Unicode character",
	"incomplete UTF-16 character",
	"unexpected low surrogate area",
	"incomplete UTF-16 surrogate pair",
	"expected low surrogate area",
}

const (
	escapeHint   = `in double quotes a backslash starts an escape; write Windows paths in single quotes: 'C:\ece\pcce\mydomain.jks'`
	controlHint  = "remove the character; text pasted from a terminal, a PDF or a word processor can carry invisible ones"
	encodingHint = "save the spec as UTF-8"
	anchorHint   = "define the anchor (&name) before the alias (*name) that uses it"
)

// reportSyntax reports a YAML syntax error of data at its position.
func reportSyntax(err error, data []byte, errs *errList) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	p := Pos{Line: 1}
	hint := ""
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else if slices.Contains(readerProblems, msg) {
		switch enc, _ := detectEncoding(data); {
		case msg == readerProblems[0]:
			hint = controlHint
		case enc == encUTF8:
			hint = encodingHint + " (its bytes look like another encoding, such as Windows-1252)"
		default:
			hint = encodingHint
		}
		if at, what, found := badChar(data); found {
			p = at
			msg += " (" + what + ")"
		}
	} else if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		if at, found := aliasPos(data, m[1]); found {
			p = at
		}
		hint = anchorHint
	}
	if strings.Contains(msg, "escape") {
		hint = escapeHint
	}
	errs.add(p, "", "invalid YAML: "+msg, hint)
}

// yamlEncoding is how yaml.v3's reader decodes the input: by its byte
// order mark, UTF-8 without one.
type yamlEncoding int

const (
	encUTF8 yamlEncoding = iota
	encUTF16LE
	encUTF16BE
)

// String names the encoding for messages.
func (e yamlEncoding) String() string {
	switch e {
	case encUTF16LE:
		return "UTF-16LE"
	case encUTF16BE:
		return "UTF-16BE"
	}
	return "UTF-8"
}

// detectEncoding returns the input's encoding and the length of its byte
// order mark.
func detectEncoding(data []byte) (yamlEncoding, int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return encUTF16LE, 2
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return encUTF16BE, 2
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return encUTF8, 3
	}
	return encUTF8, 0
}

// yamlPrintable reports whether YAML allows r in a stream (the set
// yaml.v3's reader checks).
func yamlPrintable(r rune) bool {
	switch {
	case r == 0x09, r == 0x0A, r == 0x0D, r >= 0x20 && r <= 0x7E, r == 0x85,
		r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// decodeChar decodes the character at the start of b. bad describes b's
// start when it is not a character of enc ("byte 0xFF", "an unpaired
// surrogate U+DC00, not UTF-16LE").
func decodeChar(b []byte, enc yamlEncoding) (r rune, width int, bad string) {
	if enc == encUTF8 {
		r, width = utf8.DecodeRune(b)
		if r == utf8.RuneError && width <= 1 {
			return 0, 1, fmt.Sprintf("byte 0x%02X", b[0])
		}
		return r, width, ""
	}
	unit := func(i int) rune {
		if enc == encUTF16LE {
			return rune(b[i]) | rune(b[i+1])<<8
		}
		return rune(b[i])<<8 | rune(b[i+1])
	}
	if len(b) < 2 {
		return 0, len(b), fmt.Sprintf("a final odd byte 0x%02X, not %s", b[0], enc)
	}
	u := unit(0)
	switch {
	case utf16.IsSurrogate(u) && u >= 0xDC00:
		return 0, 2, fmt.Sprintf("an unpaired surrogate U+%04X, not %s", u, enc)
	case utf16.IsSurrogate(u):
		if len(b) < 4 {
			return 0, len(b), fmt.Sprintf("an unpaired surrogate U+%04X, not %s", u, enc)
		}
		if r = utf16.DecodeRune(u, unit(2)); r == utf8.RuneError {
			return 0, 2, fmt.Sprintf("an unpaired surrogate U+%04X, not %s", u, enc)
		}
		return r, 4, ""
	}
	return u, 2, ""
}

// lineCounter follows line and column through the characters of a YAML
// stream as yaml.v3 counts them: in characters from 1, a line ending at
// "\r\n", "\r", "\n", NEL, LS or PS.
type lineCounter struct {
	pos    Pos
	prevCR bool
}

func newLineCounter() lineCounter { return lineCounter{pos: Pos{Line: 1, Col: 1}} }

// next moves past r.
func (c *lineCounter) next(r rune) {
	switch {
	case r == '\n' && c.prevCR: // the second half of "\r\n"
	case r == '\n', r == '\r', r == 0x85, r == 0x2028, r == 0x2029:
		c.pos.Line++
		c.pos.Col = 1
	default:
		c.pos.Col++
	}
	c.prevCR = r == '\r'
}

// badChar finds the first character of data that yaml.v3's reader refuses:
// a character outside YAML's printable set, or bytes that do not decode in
// the input's encoding. what describes it ("U+0001", "byte 0xFF").
func badChar(data []byte) (at Pos, what string, found bool) {
	enc, i := detectEncoding(data)
	lc := newLineCounter()
	for i < len(data) {
		r, w, bad := decodeChar(data[i:], enc)
		if bad != "" {
			return lc.pos, bad, true
		}
		if !yamlPrintable(r) {
			return lc.pos, fmt.Sprintf("U+%04X", r), true
		}
		lc.next(r)
		i += w
	}
	return Pos{}, "", false
}

// posAt is the line and column of the byte offset off of UTF-8 data.
func posAt(data []byte, off int) Pos {
	_, i := detectEncoding(data)
	lc := newLineCounter()
	for i < off && i < len(data) {
		r, w := utf8.DecodeRune(data[i:])
		lc.next(r)
		i += w
	}
	return lc.pos
}

// aliasPos finds the first alias "*name" of data outside a comment line:
// "*name" after the start of a line, a blank or a flow indicator, and
// followed by the end, a blank or a flow indicator.
func aliasPos(data []byte, name string) (Pos, bool) {
	if name == "" {
		return Pos{}, false
	}
	alias := []byte("*" + name)
	isEnd := func(b byte) bool { return strings.IndexByte(" \t\r\n,[]{}", b) >= 0 }
	for from := 0; ; {
		k := bytes.Index(data[from:], alias)
		if k < 0 {
			return Pos{}, false
		}
		k += from
		from = k + 1
		end := k + len(alias)
		if k > 0 && !isEnd(data[k-1]) {
			continue
		}
		if end < len(data) && !isEnd(data[end]) {
			continue
		}
		lineStart := bytes.LastIndexAny(data[:k], "\r\n") + 1
		if bytes.HasPrefix(bytes.TrimLeft(data[lineStart:k], " \t"), []byte("#")) {
			continue
		}
		return posAt(data, k), true
	}
}
