package lab

import (
	"path/filepath"

	hostlab "github.com/ecereconcile/ecereconcile/pkg/host/lab"
)

// HostDir returns the folder of host h in the lab at dir.
func HostDir(dir, h string) string {
	return filepath.Join(dir, "hosts", h)
}

// HostPath returns the file that stands for the Windows path winPath on host
// h in the lab at dir ("C:\X\Y" is DIR/hosts/H/C/X/Y), with the lab host
// transport's own mapping. winPath must be an absolute Windows path; the
// lab's constants are.
func HostPath(dir, h, winPath string) string {
	p, err := hostlab.ToLocal(HostDir(dir, h), winPath)
	if err != nil {
		panic("lab: " + err.Error()) // only called with the package's constants and tests' paths
	}
	return p
}

// ServicePath returns the state file of service name on host h in the lab at
// dir, as the lab host transport names it.
func ServicePath(dir, h, name string) string {
	return hostlab.ServicePath(HostDir(dir, h), name)
}
