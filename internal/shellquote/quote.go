package shellquote

import "strings"

// Quote returns s as one POSIX shell word: unchanged when every character
// is safe unquoted, otherwise in single quotes (a pair of them for the
// empty word).
func Quote(s string) string {
	if s != "" && s[0] != '=' && strings.IndexFunc(s, unsafe) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Join quotes each argument and joins them with spaces, as a command line
// to copy.
func Join(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = Quote(a)
	}
	return strings.Join(q, " ")
}

// unsafe reports whether r needs quoting: anything but ASCII letters,
// digits and - _ . / : = @ + , %.
func unsafe(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return false
	}
	return !strings.ContainsRune("-_./:=@+,%", r)
}
