package shellquote

import (
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"empty":                {"", "''"},
		"plain word":           {"plan", "plan"},
		"flag":                 {"--allow-irreversible", "--allow-irreversible"},
		"path":                 {"tickets/CHG-1.plan", "tickets/CHG-1.plan"},
		"safe punctuation":     {"a_b.c:d=e@f+g,h%i", "a_b.c:d=e@f+g,h%i"},
		"space":                {"/tmp/a b/spec.yaml", "'/tmp/a b/spec.yaml'"},
		"quote":                {"it's", `'it'\''s'`},
		"only a quote":         {"'", `''\'''`},
		"dollar":               {"$HOME", "'$HOME'"},
		"semicolon":            {"a;rm", "'a;rm'"},
		"ampersand":            {"a&b", "'a&b'"},
		"pipe":                 {"a|b", "'a|b'"},
		"glob star":            {"*.plan", "'*.plan'"},
		"glob question":        {"a?", "'a?'"},
		"brackets":             {"[ab]", "'[ab]'"},
		"braces":               {"{a,b}", "'{a,b}'"},
		"tilde":                {"~/x", "'~/x'"},
		"backquote":            {"`id`", "'`id`'"},
		"double quote":         {`say "hi"`, `'say "hi"'`},
		"backslash":            {`C:\ProgramData`, `'C:\ProgramData'`},
		"parentheses":          {"(x)", "'(x)'"},
		"redirect":             {"a>b", "'a>b'"},
		"hash":                 {"#x", "'#x'"},
		"exclamation":          {"a!b", "'a!b'"},
		"line break":           {"a\nb", "'a\nb'"},
		"tab":                  {"a\tb", "'a\tb'"},
		"non-ASCII":            {"café", "'café'"},
		"leading equals (zsh)": {"=ls", "'=ls'"},
		"inner equals":         {"a=b", "a=b"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Quote(tt.in); got != tt.want {
				t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestJoin(t *testing.T) {
	tests := map[string]struct {
		args []string
		want string
	}{
		"none":          {nil, ""},
		"plain":         {[]string{"plan", "-f", "spec.yaml"}, "plan -f spec.yaml"},
		"quoted and ''": {[]string{"-f", "/tmp/a b/spec.yaml", "it's", ""}, `-f '/tmp/a b/spec.yaml' 'it'\''s' ''`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Join(tt.args); got != tt.want {
				t.Errorf("Join(%q) = %s, want %s", tt.args, got, tt.want)
			}
		})
	}
}

// TestShellReadsBack has each installed POSIX shell parse a quoted command
// line and print its words: they must be the words quoted.
func TestShellReadsBack(t *testing.T) {
	words := []string{"", "plain", "a b", "it's", "''", `\`, `\'`, "$HOME", "$(id)", "`id`", "a;b", "a&b", "a|b",
		"*", "?", "[a]", "{a,b}", "~", "~/x", "=ls", "#x", "!x", "a\nb", "\t", `"`, "café", "%", "-n", "a=b"}
	for _, shell := range []string{"sh", "bash", "zsh", "dash"} {
		t.Run(shell, func(t *testing.T) {
			bin, err := exec.LookPath(shell)
			if err != nil {
				t.Skipf("%s is not installed", shell)
			}
			cmd := exec.Command(bin, "-c", `printf '%s\0' `+Join(words))
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s: %v: %s", shell, err, errb.String())
			}
			got := strings.Split(strings.TrimSuffix(out.String(), "\x00"), "\x00")
			if !slices.Equal(got, words) {
				t.Errorf("%s read back\n %q\nwant\n %q", shell, got, words)
			}
		})
	}
}
