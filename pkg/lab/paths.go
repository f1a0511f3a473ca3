package lab

import (
	"path/filepath"
	"strings"
)

// HostDir returns the folder of host h in the lab at dir.
func HostDir(dir, h string) string {
	return filepath.Join(dir, "hosts", h)
}

// HostPath returns the file that stands for the Windows path winPath on host
// h in the lab at dir: "C:\X\Y" is DIR/hosts/H/C/X/Y.
func HostPath(dir, h, winPath string) string {
	return filepath.Join(HostDir(dir, h), filepath.FromSlash(windowsRel(winPath)))
}

// windowsRel turns "C:\X\Y" into "C/X/Y": the drive letter upper-cased,
// backslashes (and forward slashes) as separators, empty parts dropped.
func windowsRel(p string) string {
	var parts []string
	if len(p) >= 2 && p[1] == ':' {
		parts = append(parts, strings.ToUpper(p[:1]))
		p = p[2:]
	}
	for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '\\' || r == '/' }) {
		parts = append(parts, part)
	}
	return strings.Join(parts, "/")
}

// ServicePath returns the state file of service name on host h in the lab at
// dir: DIR/hosts/H/.lab/services/<name with [^A-Za-z0-9._-] as _>.json.
func ServicePath(dir, h, name string) string {
	return filepath.Join(HostDir(dir, h), ".lab", "services", serviceFileName(name)+".json")
}

func serviceFileName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '_'
	}, name)
}
