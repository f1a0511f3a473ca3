package spec

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

var (
	// envName is a portable environment variable name.
	envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// objectName is the pattern of metadata.name and host names.
	objectName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)
	// resourceName is the pattern of resource names (the middle of an address).
	resourceName = regexp.MustCompile(`^[a-z0-9_]+$`)
	dnsLabel     = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	windowsDrive = regexp.MustCompile(`^[A-Za-z]:[\\/]`)
)

// checkDNSName returns a problem with name as a DNS name, or "".
func checkDNSName(name string) string {
	if len(name) > 253 {
		return fmt.Sprintf("%q is not a valid DNS name: longer than 253 characters", name)
	}
	for _, label := range strings.Split(name, ".") {
		if !dnsLabel.MatchString(label) {
			return fmt.Sprintf("%q is not a valid DNS name", name)
		}
	}
	return ""
}

const dnsHint = "letters, digits and hyphens in dot-separated labels, e.g. ece.example.com"

// pathStyle is how a server path is written.
type pathStyle int

const (
	pathRelative pathStyle = iota
	pathWindows            // C:\x or \\server\share\x
	pathPOSIX              // /x
)

func styleOf(p string) pathStyle {
	switch {
	case windowsDrive.MatchString(p):
		return pathWindows
	case strings.HasPrefix(p, `\\`) && len(strings.Split(strings.TrimPrefix(p, `\\`), `\`)) >= 2:
		return pathWindows
	case strings.HasPrefix(p, "/"):
		return pathPOSIX
	}
	return pathRelative
}

// checkServerPath returns a problem with p, a path on the servers listed
// (POSIX paths only on local hosts), and a hint; "" when p is fine.
func checkServerPath(p string, hosts []Host) (string, string) {
	if strings.ContainsFunc(p, unicode.IsControl) {
		return "contains a control character",
			`in double quotes a backslash starts an escape ("\t" is a tab); write Windows paths in single quotes: 'C:\ece\pcce\mydomain.jks'`
	}
	switch styleOf(p) {
	case pathWindows:
		return "", ""
	case pathPOSIX:
		for _, h := range hosts {
			if h.Connection.Type != ConnLocal {
				return fmt.Sprintf("%s is a POSIX path but %s is a %s host", quotePath(p), h.Name, h.Connection.Type),
					`POSIX paths are for local hosts only; write a Windows path such as C:\ece\pcce\mydomain.jks`
			}
		}
		return "", ""
	}
	return fmt.Sprintf("%s is not an absolute path", quotePath(p)),
		`write an absolute Windows path (C:\... or \\server\share\...)`
}

// normPath is the key under which two server paths name the same file:
// Windows paths compare case-insensitively and with either separator.
func normPath(p string) string {
	if styleOf(p) == pathWindows {
		return strings.ToLower(strings.ReplaceAll(p, "/", `\`))
	}
	return p
}

// quotePath quotes a path for messages without doubling Windows
// backslashes; a path holding control characters is Go-quoted instead.
func quotePath(p string) string {
	if strings.ContainsFunc(p, unicode.IsControl) || strings.Contains(p, `"`) {
		return strconv.Quote(p)
	}
	return `"` + p + `"`
}
