package pwsh

import (
	"html"
	"regexp"
	"strconv"
	"strings"
)

// powershell.exe started with -EncodedCommand and redirected streams writes
// its error and progress records to standard error as CLIXML:
//
//	#< CLIXML
//	<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
//	<Obj S="progress" RefId="0">...</Obj>
//	<S S="Error">Get-Item : Cannot find path_x000D__x000A_</S>...</Objs>
//
// cleanStderr keeps the text of the error records only, on one line, and
// does not shorten it (the caller redacts, then clips).
var (
	clixmlError  = regexp.MustCompile(`(?s)<S S="Error">(.*?)</S>`)
	clixmlEscape = regexp.MustCompile(`_x([0-9A-Fa-f]{4})_`)
)

func cleanStderr(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if !strings.HasPrefix(strings.TrimSpace(s), "#< CLIXML") {
		return strings.TrimSpace(s)
	}
	var parts []string
	for _, m := range clixmlError.FindAllStringSubmatch(s, -1) {
		text := html.UnescapeString(m[1])
		text = clixmlEscape.ReplaceAllStringFunc(text, func(e string) string {
			n, err := strconv.ParseUint(e[2:6], 16, 16)
			if err != nil {
				return e
			}
			return string(rune(n))
		})
		parts = append(parts, text)
	}
	lines := strings.Fields(strings.Join(parts, " "))
	return strings.Join(lines, " ")
}
