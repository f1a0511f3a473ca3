package inventory

import (
	"context"
	"errors"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Attribute names.
const (
	AttrName        = "name"
	AttrType        = "type"
	AttrHostName    = "host_name"
	AttrUser        = "user"
	AttrAppInstance = "app_instance"
	AttrPassword    = "password"
)

// readState is State.Private: what Plan and Apply decide from. It is never
// serialised and holds no secret.
type readState struct {
	// machine is the machine read, with its changeStamp (zero when absent).
	machine pcce.Machine
	// recordedHash is the keyed hash of the last password sent ("" if
	// none); desiredHash the keyed hash of the spec's password ("" while no
	// key exists). Web servers only.
	recordedHash string
	desiredHash  string
}

// Read looks the machine up by type and host name and, for a web server,
// loads the recorded password hash and hashes the spec's password. An
// absent machine is State{Exists:false}.
func (r *Resource) Read(ctx context.Context) (resources.State, error) {
	if r.c.Client == nil {
		return resources.State{}, errors.New(r.c.Name + ": no PCCE client configured")
	}
	rs := &readState{}
	if r.isWeb() {
		pw, err := r.password()
		if err != nil {
			return resources.State{}, err
		}
		rs.recordedHash, rs.desiredHash, err = r.hashes.observe(r.c.Addr, pw)
		if err != nil {
			return resources.State{}, fmt.Errorf("%s: %w", r.c.Name, err)
		}
	}
	m, found, err := r.c.Client.FindMachine(ctx, r.c.Type, r.c.HostName)
	if err != nil {
		return resources.State{}, fmt.Errorf("%s: reading the PCCE inventory: %w", r.c.Name, err)
	}
	if !found {
		return resources.State{
			Exists: false,
			Attrs: resources.Attrs{
				AttrType:     resources.V(r.c.Type.String()),
				AttrHostName: resources.V(pcce.NormalizeHostName(r.c.HostName)),
			},
			Private: rs,
		}, nil
	}
	rs.machine = m
	attrs := r.attrsOf(m)
	return resources.State{
		Exists:      true,
		Attrs:       attrs,
		Fingerprint: fingerprint(attrs, rs.recordedHash),
		Private:     rs,
	}, nil
}

// attrsOf renders a machine read from PCCE.
func (r *Resource) attrsOf(m pcce.Machine) resources.Attrs {
	a := resources.Attrs{
		AttrName:     resources.V(m.Name),
		AttrType:     resources.V(m.Type.String()),
		AttrHostName: resources.V(m.HostName),
	}
	if r.isWeb() {
		a[AttrUser] = resources.V(m.UserName())
		a[AttrAppInstance] = resources.V(m.ApplicationInstance().Name)
		a[AttrPassword] = r.passwordAttr()
	}
	return a
}

// passwordAttr shows the password's reference, never its value.
func (r *Resource) passwordAttr() resources.Value {
	return resources.Value{S: r.c.Password.Ref(), Sensitive: true}
}

// fingerprint covers the attributes and the recorded hash (the hash of
// the desired password is the spec's, not reality's, so it stays out).
func fingerprint(attrs resources.Attrs, recordedHash string) string {
	all := attrs.Clone()
	all["\x00recorded password hash"] = resources.V(recordedHash)
	return resources.FingerprintOf(resources.State{Exists: true, Attrs: all})
}
