package spogjs

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var desired = map[string]string{NameProtocol: "https", NameServerName: "ece.example.com"}

// checkOnlyValuesChanged fails unless out is in with, for every name in
// values, the bytes between that assignment's quotes replaced by the value.
func checkOnlyValuesChanged(t testing.TB, in, out []byte, values map[string]string) {
	t.Helper()
	f, err := Parse(in)
	if err != nil {
		t.Fatalf("input does not parse: %v", err)
	}
	var want []byte
	prev := 0
	// Spans in source order.
	var spans []Assignment
	for n := range values {
		as := f.Assignments(n)
		if len(as) != 1 {
			t.Fatalf("%s assigned %d times but Set succeeded", n, len(as))
		}
		spans = append(spans, as[0])
	}
	for i := range spans {
		for j := i + 1; j < len(spans); j++ {
			if spans[j].Start < spans[i].Start {
				spans[i], spans[j] = spans[j], spans[i]
			}
		}
	}
	for _, a := range spans {
		want = append(want, in[prev:a.Start]...)
		want = append(want, values[a.Name]...)
		prev = a.End
	}
	want = append(want, in[prev:]...)
	if !bytes.Equal(out, want) {
		t.Fatalf("output differs outside the value spans:\n in: %q\nout: %q\nwant %q", in, out, want)
	}
	g, err := Parse(out)
	if err != nil {
		t.Fatalf("output does not parse: %v", err)
	}
	for n, v := range values {
		got, line, ok := g.Get(n)
		_, inLine, _ := f.Get(n)
		if !ok || got != v || line != inLine {
			t.Fatalf("output: Get(%s) = %q, line %d, %v; want %q, line %d", n, got, line, ok, v, inLine)
		}
	}
}

func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "golden", "*.js"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Set(src, desired)
			if err != nil {
				t.Fatalf("Set: %v", err)
			}
			checkOnlyValuesChanged(t, src, out, desired)
			if bytes.HasPrefix(src, []byte("\ufeff")) != bytes.HasPrefix(out, []byte("\ufeff")) {
				t.Errorf("byte order mark not kept")
			}
			if bytes.Count(src, []byte("\r\n")) != bytes.Count(out, []byte("\r\n")) {
				t.Errorf("CRLF line endings not kept")
			}
			golden := strings.TrimSuffix(in, ".js") + ".golden"
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("Set output differs from %s:\n got %q\nwant %q", golden, out, want)
			}
		})
	}
}

func TestGet(t *testing.T) {
	type want struct {
		value string
		line  int
		ok    bool
	}
	tests := map[string]struct {
		src      string
		protocol want
		name     want
	}{
		"var with double quotes": {
			src:      "var web_server_protocol = \"https\";\nvar web_server_name = \"ece.example.com\";\n",
			protocol: want{"https", 1, true}, name: want{"ece.example.com", 2, true},
		},
		"bare, let and const with single quotes": {
			src:      "web_server_protocol='http'\nconst web_server_name = 'x'\n",
			protocol: want{"http", 1, true}, name: want{"x", 2, true},
		},
		"comments and strings ignored": {
			src: "// var web_server_protocol = \"no\";\n/* web_server_name = \"no\"\n*/\n" +
				"var s = 'web_server_protocol = \"no\"';\nvar web_server_protocol = \"yes\";\n",
			protocol: want{"yes", 5, true}, name: want{},
		},
		"template literal and regexp ignored": {
			src:      "var a = `web_server_name = \"no\" ${ {x: 'web_server_name = \"no\"'}.x }`;\nvar r = /web_server_name = \"no\"/;\nvar web_server_name = \"yes\";\n",
			protocol: want{}, name: want{"yes", 3, true},
		},
		"division is not a regexp": {
			src:      "var x = a / 2; var web_server_name = \"yes\"; var y = b / 3;\n",
			protocol: want{}, name: want{"yes", 1, true},
		},
		"property assignment ignored": {
			src:      "window.web_server_name = \"no\";\nvar web_server_name = \"yes\";\n",
			protocol: want{}, name: want{"yes", 2, true},
		},
		"comparison is not an assignment": {
			src:      "if (web_server_name == \"a\" || web_server_name === 'b') {}\nweb_server_name = \"yes\"\n",
			protocol: want{}, name: want{"yes", 2, true},
		},
		"lines counted with CRLF, CR and BOM": {
			src:      "\ufeff// a\r\n// b\r// c\nvar web_server_name = \"yes\";\r\n",
			protocol: want{}, name: want{"yes", 4, true},
		},
		"lines counted inside block comments": {
			src:      "/*\r\n\r\n*/ web_server_protocol = \"https\"",
			protocol: want{"https", 3, true}, name: want{},
		},
		"ASI: a new statement on the next line": {
			src:      "var web_server_name = \"yes\"\nvar web_server_protocol = \"https\"\n",
			protocol: want{"https", 2, true}, name: want{"yes", 1, true},
		},
		"concatenation is not plain": {
			src:      "var web_server_name = \"ece\" + \".example.com\";\n",
			protocol: want{}, name: want{},
		},
		"continued on the next line is not plain": {
			src:      "var web_server_name = \"ece\"\n  + \".example.com\";\n",
			protocol: want{}, name: want{},
		},
		"comma declaration": {
			src:      "var a = 1, web_server_name = \"yes\", b = 2;\n",
			protocol: want{}, name: want{"yes", 1, true},
		},
		"escaped quote kept raw": {
			src:      `var web_server_name = "a\"b";`,
			protocol: want{}, name: want{`a\"b`, 1, true},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f, err := Parse([]byte(tc.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			for n, w := range map[string]want{NameProtocol: tc.protocol, NameServerName: tc.name} {
				v, line, ok := f.Get(n)
				if (want{v, line, ok}) != w {
					t.Errorf("Get(%s) = %q, %d, %v; want %q, %d, %v", n, v, line, ok, w.value, w.line, w.ok)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		src     string
		wantErr string
	}{
		"unterminated block comment": {src: "var a = 1;\n/* open", wantErr: "line 2: unterminated /* comment"},
		"unterminated string":        {src: "var web_server_name = \"ece\n;", wantErr: "line 1: unterminated string"},
		"string at end of file":      {src: "var x = 'abc", wantErr: "line 1: unterminated string"},
		"unterminated template":      {src: "\n\nvar x = `abc", wantErr: "line 3: unterminated template literal"},
		"unterminated substitution":  {src: "var x = `a${b", wantErr: "unterminated template literal"},
		"unterminated regexp":        {src: "var x = /abc\n", wantErr: "line 1: unterminated regular expression"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Parse error = %v, want %q", err, tc.wantErr)
			}
			if _, err := Set([]byte(tc.src), desired); err == nil {
				t.Errorf("Set succeeded on a source that does not parse")
			}
		})
	}
}

func TestSetErrors(t *testing.T) {
	tests := map[string]struct {
		src         string
		values      map[string]string
		wantErr     []string // substrings
		wantProblem map[string]Problem
	}{
		"missing assignment named, never appended": {
			src:         "var web_server_protocol = \"http\";\n// var web_server_name = \"x\";\n",
			values:      desired,
			wantErr:     []string{"web_server_name is not assigned"},
			wantProblem: map[string]Problem{NameServerName: Missing},
		},
		"duplicate names both lines": {
			src:         "var web_server_protocol = \"http\";\nvar web_server_name = \"a\";\n\nweb_server_name = \"b\";\n",
			values:      desired,
			wantErr:     []string{"web_server_name is assigned 2 times, on lines 2 and 4"},
			wantProblem: map[string]Problem{NameServerName: Duplicate},
		},
		"both names wrong, both reported": {
			src:         "var web_server_protocol = 'a' + 'b';\n",
			values:      desired,
			wantErr:     []string{"web_server_name is not assigned", "web_server_protocol on line 1 is not assigned a plain quoted string"},
			wantProblem: map[string]Problem{NameServerName: Missing, NameProtocol: NotPlain},
		},
		"compound assignment is not plain": {
			src:         "var web_server_name = \"a\";\nweb_server_name += \".b\";\n",
			values:      map[string]string{NameServerName: "x"},
			wantErr:     []string{"lines 1 and 2"},
			wantProblem: map[string]Problem{NameServerName: Duplicate},
		},
		"value with the quote character": {
			src:     "var web_server_name = \"a\";",
			values:  map[string]string{NameServerName: `ece".example.com`},
			wantErr: []string{"web_server_name on line 1: value contains the quote character \""},
		},
		"other quote is fine elsewhere but not here": {
			src:     "var web_server_name = 'a';",
			values:  map[string]string{NameServerName: "ece'x"},
			wantErr: []string{"quote character '"},
		},
		"value with a newline": {
			src:     "var web_server_name = \"a\";",
			values:  map[string]string{NameServerName: "ece\r\nx"},
			wantErr: []string{"line break"},
		},
		"value with a backslash": {
			src:     "var web_server_name = \"a\";",
			values:  map[string]string{NameServerName: `ece\x`},
			wantErr: []string{"backslash"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := Set([]byte(tc.src), tc.values)
			if err == nil {
				t.Fatalf("Set succeeded: %q", out)
			}
			if out != nil {
				t.Errorf("Set returned output with an error")
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			for n, p := range tc.wantProblem {
				found := false
				var se *SetError
				if errors.As(err, &se) {
					for _, e := range se.Errs {
						var ae *AssignmentError
						if errors.As(e, &ae) && ae.Name == n && ae.Problem == p {
							found = true
						}
					}
				}
				if !found {
					t.Errorf("no AssignmentError{%s, %v} in %v", n, p, err)
				}
			}
		})
	}
}

func TestSetOnlyAsked(t *testing.T) {
	src := []byte("var web_server_protocol = \"http\";\nvar web_server_name = \"a\";\n")
	out, err := Set(src, map[string]string{NameProtocol: "https"})
	if err != nil {
		t.Fatal(err)
	}
	want := "var web_server_protocol = \"https\";\nvar web_server_name = \"a\";\n"
	if string(out) != want {
		t.Errorf("Set = %q, want %q", out, want)
	}
}

func TestProblemString(t *testing.T) {
	for p, want := range map[Problem]string{Missing: "missing", Duplicate: "duplicate", NotPlain: "not a plain string", 0: "unknown"} {
		if p.String() != want {
			t.Errorf("Problem(%d).String() = %q, want %q", int(p), p.String(), want)
		}
	}
}
