package spogjs

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzSetTwice checks what an apply run twice relies on: when Set succeeds,
// only the bytes between the quotes of the two values change (everything
// before and after is byte-identical), and setting the same values on the
// result succeeds and changes nothing.
//
// Seed corpus: testdata/fuzz/FuzzSetTwice holds the lab's spog_config.js
// before and after an apply and the golden inputs.
func FuzzSetTwice(f *testing.F) {
	f.Add([]byte("var web_server_protocol = \"http\";\r\nvar web_server_name = \"ECEWEB01\";\r\n"), "https", "ece.example.com")
	f.Add([]byte("web_server_name='a'\nweb_server_protocol='b'"), "", "x")
	f.Add([]byte("\ufeff/* ` */ var web_server_protocol = \"http\" // \"x\"\u2028var web_server_name = \"\";"), "https", "ece")
	f.Fuzz(func(t *testing.T, src []byte, protocol, name string) {
		values := map[string]string{NameProtocol: protocol, NameServerName: name}
		out, err := Set(src, values)
		if err != nil {
			var se *SetError
			if !errors.As(err, &se) && !isLexError(err) {
				t.Fatalf("Set failed with an untyped error: %v", err)
			}
			return
		}
		checkOnlyValuesChanged(t, src, out, values)
		again, err := Set(out, values)
		if err != nil {
			t.Fatalf("setting the same values again fails: %v\n in: %q\nout: %q", err, src, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("setting the same values again changes the file:\nfirst:  %q\nsecond: %q", out, again)
		}
	})
}

// isLexError reports whether err is Parse's "not valid JavaScript" error:
// the only untyped error Set returns, with a line number.
func isLexError(err error) bool {
	return bytes.Contains([]byte(err.Error()), []byte("line "))
}

// FuzzParse checks that Parse never panics and that what it reports is
// consistent: a plain assignment's Start and End enclose Value between two
// Quote characters in the source, lines are within the file, and Get agrees
// with Check.
func FuzzParse(f *testing.F) {
	f.Add([]byte("var web_server_protocol = \"http\";\nvar web_server_name = 'a', x = `t${web_server_name = \"b\"}`;\n"))
	f.Add([]byte("web_server_name = /\"/.source; web_server_protocol += \"s\"\r\n"))
	f.Add([]byte("a.web_server_name = \"x\"\rweb_server_name\n=\n\"y\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse(src)
		if err != nil {
			if !isLexError(err) {
				t.Fatalf("Parse error without a line: %v", err)
			}
			return
		}
		lines := countLines(src)
		for _, name := range []string{NameProtocol, NameServerName, "web_server_port", "x"} {
			for _, a := range p.Assignments(name) {
				if a.Name != name || a.Line < 1 || a.Line > lines {
					t.Fatalf("%s: assignment %+v outside lines 1..%d", name, a, lines)
				}
				if !a.Plain {
					continue
				}
				if a.Start < 1 || a.End < a.Start || a.End >= len(src) {
					t.Fatalf("%s: span %d..%d outside the %d-byte source", name, a.Start, a.End, len(src))
				}
				if src[a.Start-1] != a.Quote || src[a.End] != a.Quote || string(src[a.Start:a.End]) != a.Value {
					t.Fatalf("%s: span %d..%d is %q, not %q between %c quotes", name, a.Start, a.End, src[a.Start-1:a.End+1], a.Value, a.Quote)
				}
				if lineAt(src, a.Start) < a.Line {
					t.Fatalf("%s: value on line %d before its name on line %d", name, lineAt(src, a.Start), a.Line)
				}
			}
			v, line, ok := p.Get(name)
			if ok != (p.Check(name) == nil) {
				t.Fatalf("%s: Get ok=%v but Check says %v", name, ok, p.Check(name))
			}
			if ok {
				as := p.Assignments(name)
				if len(as) != 1 || as[0].Value != v || as[0].Line != line {
					t.Fatalf("%s: Get = %q line %d, assignments %+v", name, v, line, as)
				}
			}
		}
	})
}

// countLines is the number of lines of src, as JavaScript counts them.
func countLines(src []byte) int { return lineAt(src, len(src)) }

// lineAt is the 1-based line of byte offset off: CRLF, LF, CR, U+2028 and
// U+2029 end a line.
func lineAt(src []byte, off int) int {
	line := 1
	for i := 0; i < off && i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		switch {
		case r == '\r':
			if i+1 < len(src) && src[i+1] == '\n' && i+1 < off {
				n = 2
			}
			line++
		case r == '\n', r == '\u2028', r == '\u2029':
			line++
		}
		i += n
	}
	return line
}
