// Package version names this build of ecereconcile. Saved plans record it
// and refuse to be applied by another build.
package version

import (
	"runtime/debug"
	"sync"
)

// Override is set at link time (-ldflags "-X .../internal/version.Override=v1.2.3").
var Override string

var (
	once  sync.Once
	value string
)

// String returns the version: the link-time override, else the module
// version, else "devel" plus the VCS revision (and "+dirty" when the tree
// was modified), else "devel".
func String() string {
	once.Do(func() { value = compute() })
	return value
}

func compute() string {
	if Override != "" {
		return Override
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		return "devel-" + rev + "+dirty"
	}
	return "devel-" + rev
}
