package local

import (
	"errors"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

// ErrServicesUnsupported is wrapped by service calls on a machine that is
// not Windows.
var ErrServicesUnsupported = errors.New("service control on this machine needs Windows")

// Host is the local machine under a spec host's name.
type Host struct {
	host.Disk // paths as given
	name      string
}

var _ host.Host = (*Host)(nil)

// New returns the local machine as the spec host name.
func New(name string) host.Host { return &Host{name: name} }

// Name returns the spec host name.
func (h *Host) Name() string { return h.name }
