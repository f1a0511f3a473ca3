package spogjs

import (
	"fmt"
	"unicode/utf8"
)

// tokKind classifies a token.
type tokKind int

const (
	tokIdent tokKind = iota
	tokPunct
	tokString   // '...' or "..."
	tokTemplate // `...`, or the text of a template between substitutions
	tokRegexp
	tokNumber
	tokEOF
)

// token is one lexical token. For a string, start and end enclose the
// contents, without the quotes.
type token struct {
	kind       tokKind
	text       string // identifier or punctuator text
	start, end int
	quote      byte
	line       int
	nlBefore   bool // a line terminator separates it from the previous token
}

// punctuators, longest first so that the longest match wins.
var punctuators = []string{
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "**", "<<", ">>",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
	"{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%",
	"&", "|", "^", "!", "~", "?", ":", "=", ".", "@", "#",
}

// keywords after which a '/' starts a regular expression, not a division.
var regexpAfter = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true,
	"new": true, "delete": true, "void": true, "throw": true, "case": true,
	"do": true, "else": true, "yield": true, "await": true,
}

// lexer turns source into tokens.
type lexer struct {
	src  []byte
	pos  int
	line int
	nl   bool
	// braces counts, per open template substitution ("${"), the braces
	// opened since; a '}' at zero resumes the template.
	braces []int
	toks   []token
}

// lex splits src into tokens, the last one tokEOF. A UTF-8 byte order mark
// at the start is skipped.
func lex(src []byte) ([]token, error) {
	l := &lexer{src: src, line: 1}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		l.pos = 3
	}
	for {
		if err := l.skipSpaceAndComments(); err != nil {
			return nil, err
		}
		if l.pos >= len(l.src) {
			if len(l.braces) > 0 {
				return nil, fmt.Errorf("line %d: unterminated template literal", l.line)
			}
			l.emit(token{kind: tokEOF, start: l.pos, end: l.pos})
			return l.toks, nil
		}
		if err := l.next(); err != nil {
			return nil, err
		}
	}
}

func (l *lexer) emit(t token) {
	if t.line == 0 {
		t.line = l.line
	}
	t.nlBefore = l.nl
	l.nl = false
	l.toks = append(l.toks, t)
}

// lineTerminator returns the length of the line terminator at i, or 0.
// CRLF counts as one.
func (l *lexer) lineTerminator(i int) int {
	switch c := l.src[i]; {
	case c == '\n':
		return 1
	case c == '\r':
		if i+1 < len(l.src) && l.src[i+1] == '\n' {
			return 2
		}
		return 1
	case c == 0xE2 && i+2 < len(l.src) && l.src[i+1] == 0x80 && (l.src[i+2] == 0xA8 || l.src[i+2] == 0xA9):
		return 3 // U+2028, U+2029
	}
	return 0
}

// space returns the length of the non-terminator white space at i, or 0.
func (l *lexer) space(i int) int {
	switch c := l.src[i]; c {
	case ' ', '\t', '\v', '\f':
		return 1
	}
	r, n := utf8.DecodeRune(l.src[i:])
	switch r {
	case '\u00A0', '\uFEFF', '\u1680', '\u202F', '\u205F', '\u3000':
		return n
	}
	if r >= '\u2000' && r <= '\u200A' {
		return n
	}
	return 0
}

func (l *lexer) skipSpaceAndComments() error {
	for l.pos < len(l.src) {
		if n := l.lineTerminator(l.pos); n > 0 {
			l.pos += n
			l.line++
			l.nl = true
			continue
		}
		if n := l.space(l.pos); n > 0 {
			l.pos += n
			continue
		}
		if l.src[l.pos] != '/' || l.pos+1 >= len(l.src) {
			return nil
		}
		switch l.src[l.pos+1] {
		case '/':
			for l.pos < len(l.src) && l.lineTerminator(l.pos) == 0 {
				l.pos++
			}
		case '*':
			startLine := l.line
			l.pos += 2
			for {
				if l.pos+1 >= len(l.src) {
					return fmt.Errorf("line %d: unterminated /* comment", startLine)
				}
				if l.src[l.pos] == '*' && l.src[l.pos+1] == '/' {
					l.pos += 2
					break
				}
				if n := l.lineTerminator(l.pos); n > 0 {
					l.pos += n
					l.line++
					l.nl = true
					continue
				}
				l.pos++
			}
		default:
			return nil
		}
	}
	return nil
}

// next scans one token at l.pos.
func (l *lexer) next() error {
	c := l.src[l.pos]
	switch {
	case c == '"' || c == '\'':
		return l.string(c)
	case c == '`':
		l.pos++
		return l.template()
	case c == '}' && len(l.braces) > 0 && l.braces[len(l.braces)-1] == 0:
		l.braces = l.braces[:len(l.braces)-1]
		l.pos++
		return l.template()
	case c == '/' && l.regexpAllowed():
		return l.regexp()
	case isDigit(c) || c == '.' && l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]):
		start := l.pos
		for l.pos < len(l.src) && (isIdentByte(l.src[l.pos]) || l.src[l.pos] == '.') {
			l.pos++
		}
		l.emit(token{kind: tokNumber, start: start, end: l.pos})
		return nil
	case isIdentStart(c):
		start := l.pos
		for l.pos < len(l.src) && (isIdentByte(l.src[l.pos]) || l.src[l.pos] == '\\' || l.src[l.pos] >= 0x80 && l.space(l.pos) == 0 && l.lineTerminator(l.pos) == 0) {
			l.pos++
		}
		l.emit(token{kind: tokIdent, text: string(l.src[start:l.pos]), start: start, end: l.pos})
		return nil
	}
	for _, p := range punctuators {
		if len(l.src)-l.pos >= len(p) && string(l.src[l.pos:l.pos+len(p)]) == p {
			if n := len(l.braces); n > 0 {
				switch p {
				case "{":
					l.braces[n-1]++
				case "}":
					l.braces[n-1]--
				}
			}
			l.emit(token{kind: tokPunct, text: p, start: l.pos, end: l.pos + len(p)})
			l.pos += len(p)
			return nil
		}
	}
	return fmt.Errorf("line %d: unexpected character %q", l.line, rune(c))
}

// string scans a quoted string; l.pos is at the opening quote.
func (l *lexer) string(q byte) error {
	line := l.line
	l.pos++
	start := l.pos
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == q:
			l.emit(token{kind: tokString, start: start, end: l.pos, quote: q, line: line})
			l.pos++
			return nil
		case c == '\\':
			l.pos++
			if l.pos < len(l.src) {
				if n := l.lineTerminator(l.pos); n > 0 { // line continuation
					l.pos += n
					l.line++
				} else {
					l.pos++
				}
			}
		case l.lineTerminator(l.pos) > 0 && c != 0xE2: // U+2028/9 are allowed in strings
			return fmt.Errorf("line %d: unterminated string", line)
		default:
			l.pos++
		}
	}
	return fmt.Errorf("line %d: unterminated string", line)
}

// template scans template text after '`' or after the '}' closing a
// substitution, up to the closing '`' or the next "${".
func (l *lexer) template() error {
	line := l.line
	start := l.pos
	for l.pos < len(l.src) {
		switch c := l.src[l.pos]; {
		case c == '`':
			l.emit(token{kind: tokTemplate, start: start, end: l.pos, line: line})
			l.pos++
			return nil
		case c == '$' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '{':
			l.emit(token{kind: tokTemplate, start: start, end: l.pos, line: line})
			// The substitution opens an expression, where '/' starts a
			// regular expression.
			l.emit(token{kind: tokPunct, text: "${", start: l.pos, end: l.pos + 2})
			l.pos += 2
			l.braces = append(l.braces, 0)
			return nil
		case c == '\\':
			l.pos++
			if l.pos < len(l.src) {
				if n := l.lineTerminator(l.pos); n > 0 {
					l.pos += n
					l.line++
				} else {
					l.pos++
				}
			}
		default:
			if n := l.lineTerminator(l.pos); n > 0 {
				l.pos += n
				l.line++
			} else {
				l.pos++
			}
		}
	}
	return fmt.Errorf("line %d: unterminated template literal", line)
}

// regexp scans a regular expression literal; l.pos is at its '/'.
func (l *lexer) regexp() error {
	line := l.line
	start := l.pos
	l.pos++
	inClass := false
	for {
		if l.pos >= len(l.src) || l.lineTerminator(l.pos) > 0 {
			return fmt.Errorf("line %d: unterminated regular expression", line)
		}
		c := l.src[l.pos]
		l.pos++
		switch {
		case c == '\\':
			if l.pos < len(l.src) && l.lineTerminator(l.pos) == 0 {
				l.pos++
			}
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			for l.pos < len(l.src) && isIdentByte(l.src[l.pos]) {
				l.pos++ // flags
			}
			l.emit(token{kind: tokRegexp, start: start, end: l.pos, line: line})
			return nil
		}
	}
}

// regexpAllowed reports whether a '/' here starts a regular expression:
// at the start, after a punctuator other than ) ] }, or after a keyword
// such as return.
func (l *lexer) regexpAllowed() bool {
	if len(l.toks) == 0 {
		return true
	}
	t := l.toks[len(l.toks)-1]
	switch t.kind {
	case tokPunct:
		return t.text != ")" && t.text != "]" && t.text != "}"
	case tokIdent:
		return regexpAfter[t.text]
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '$' || c == '\\' || c >= 0x80
}

func isIdentByte(c byte) bool { return isIdentStart(c) && c != '\\' && c < 0x80 || isDigit(c) }
