package views

import (
	"strings"
)

// Markdown escaping. Everything a Markdown view prints that comes from the
// spec or from reality (addresses, messages, values, paths) passes through
// one of these, so that a pipe, a backtick or an asterisk in a value can
// neither break a table nor change the formatting of a change ticket.

// mdEscaper backslash-escapes the ASCII punctuation that has a meaning in
// inline Markdown (CommonMark allows escaping any of it) and folds line
// breaks into spaces.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `~`, `\~`, `&`, `\&`, `#`, `\#`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// mdText escapes s as inline Markdown text; it is also safe in a table cell.
func mdText(s string) string { return mdEscaper.Replace(s) }

// mdCode renders s as a code span: delimited by one backtick more than the
// longest run of backticks inside, padded with a space when s begins or
// ends with a backtick. Line breaks become spaces.
func mdCode(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	if s == "" {
		return "` `"
	}
	delim := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return delim + s + delim
}

// mdCellCode is mdCode for a table cell: GitHub splits cells on every
// unescaped pipe, even inside a code span, and drops the backslash there.
func mdCellCode(s string) string { return strings.ReplaceAll(mdCode(s), "|", `\|`) }

// mdFence returns a code fence longer than any run of backticks in lines,
// so no line can close the block early.
func mdFence(lines []string) string {
	n := 2
	for _, l := range lines {
		n = max(n, longestRun(l, '`'))
	}
	return strings.Repeat("`", n+1)
}

// mdCodeBlock writes lines as a fenced code block of language lang.
func mdCodeBlock(bw *errWriter, lang string, lines []string) {
	f := mdFence(lines)
	bw.printf("%s%s\n", f, lang)
	for _, l := range lines {
		bw.printf("%s\n", l)
	}
	bw.printf("%s\n", f)
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
