// Package version names this build of ecereconcile. Saved plans record it
// and refuse to be applied by another build.
package version

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"strings"
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

var (
	planOnce  sync.Once
	planValue string
)

// ForPlanFile is the version written into and checked against saved plans.
// A release build is its version. A development build says "devel" for
// every commit built with local changes (or without VCS information), so
// the executable's own SHA-256 is added: a plan is applied only by the very
// binary that made it.
func ForPlanFile() string {
	planOnce.Do(func() {
		planValue = String()
		if !strings.HasPrefix(planValue, "devel") {
			return
		}
		if sum, err := executableHash(); err == nil {
			planValue += "+exe." + sum
		}
	})
	return planValue
}

func executableHash() (string, error) {
	p, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
