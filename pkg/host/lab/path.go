package lab

import (
	"fmt"
	"path/filepath"
	"strings"
)

// ToLocal maps a Windows path on a lab host to the local file below root.
// See the package documentation for the mapping and what it refuses.
func ToLocal(root, winPath string) (string, error) {
	p := strings.ReplaceAll(winPath, "/", `\`)
	// Win32 file namespace prefix: \\?\C:\x, \\?\UNC\server\share\x.
	if rest, ok := strings.CutPrefix(p, `\\?\`); ok {
		if u, ok := strings.CutPrefix(rest, `UNC\`); ok {
			p = `\\` + u
		} else {
			p = rest
		}
	}

	var top []string // the fixed part: drive, or UNC server share
	var rest string
	switch {
	case strings.HasPrefix(p, `\\`):
		parts := strings.SplitN(p[2:], `\`, 3)
		if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
			return "", fmt.Errorf("path %q: a UNC path needs \\\\server\\share", winPath)
		}
		top = []string{"UNC", parts[0], parts[1]}
		if len(parts) == 3 {
			rest = parts[2]
		}
	case len(p) >= 2 && p[1] == ':' && isLetter(p[0]):
		if len(p) == 2 || p[2] != '\\' {
			return "", fmt.Errorf("path %q: relative to the current folder of drive %c:; want %c:\\...", winPath, p[0], p[0])
		}
		top = []string{strings.ToUpper(p[:1])}
		rest = p[3:]
	default:
		return "", fmt.Errorf("path %q: not absolute; want C:\\... or \\\\server\\share\\...", winPath)
	}
	for _, c := range top {
		if err := checkName(c); err != nil {
			return "", fmt.Errorf("path %q: %w", winPath, err)
		}
		if c == "." || c == ".." {
			return "", fmt.Errorf("path %q: %q is not a server or share name", winPath, c)
		}
	}

	var elems []string
	for _, c := range strings.Split(rest, `\`) {
		switch c {
		case "", ".":
			continue
		case "..":
			if len(elems) == 0 {
				return "", fmt.Errorf("path %q: .. climbs above %s", winPath, topName(top))
			}
			elems = elems[:len(elems)-1]
			continue
		}
		if err := checkName(c); err != nil {
			return "", fmt.Errorf("path %q: %w", winPath, err)
		}
		elems = append(elems, c)
	}
	return filepath.Join(append(append([]string{root}, top...), elems...)...), nil
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// checkName refuses a path element Windows would not accept.
func checkName(name string) error {
	for _, r := range name {
		if r < 0x20 || strings.ContainsRune(`<>:"|?*`, r) {
			return fmt.Errorf("name %q: character %q is not allowed in a Windows path", name, r)
		}
	}
	return nil
}

func topName(top []string) string {
	if top[0] == "UNC" {
		return `\\` + top[1] + `\` + top[2]
	}
	return top[0] + `:\`
}
