package spogconfig

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spogjs"
)

// Kind is the resource kind's name in specs and addresses.
const Kind = "spog_config"

// Attribute names.
const (
	AttrPath       = "path"
	AttrProtocol   = spogjs.NameProtocol
	AttrServerName = spogjs.NameServerName
)

// ErrChangedSinceRead is wrapped by Apply when the file's bytes are not the
// ones the plan was made from.
var ErrChangedSinceRead = errors.New("file changed since it was read: plan again")

// Config is one spog_config.js on one web server.
type Config struct {
	Addr      resources.Addr
	DependsOn []resources.Addr
	Host      host.Host
	// Path is the Windows path as in the spec.
	Path string
	// Protocol and ServerName are the desired web_server_protocol and
	// web_server_name.
	Protocol, ServerName string
	// Now names backups; nil means time.Now.
	Now func() time.Time
}

// Resource manages one spog_config.js.
type Resource struct {
	c Config
}

var (
	_ resources.Resource  = (*Resource)(nil)
	_ resources.Describer = (*Resource)(nil)
)

// New returns the resource for c.
func New(c Config) *Resource {
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Resource{c: c}
}

// Addr returns the resource's address.
func (r *Resource) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the resource's dependencies.
func (r *Resource) DependsOn() []resources.Addr { return r.c.DependsOn }

// Describe says which file on which host.
func (r *Resource) Describe() string { return r.c.Path + " on " + r.hostName() }

func (r *Resource) hostName() string {
	if r.c.Addr.Host != "" {
		return r.c.Addr.Host
	}
	return r.c.Host.Name()
}

// observed is what Read saw, carried in State.Private to Plan.
type observed struct {
	data     []byte
	file     *spogjs.File // nil when parseErr is set
	parseErr error
}

// planned is what Plan hands to Apply in Change.Private.
type planned struct {
	fingerprint string
}

// Read reads the file. A missing file is Exists=false.
func (r *Resource) Read(ctx context.Context) (resources.State, error) {
	data, err := r.c.Host.ReadFile(ctx, r.c.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return resources.State{Exists: false, Attrs: resources.Attrs{AttrPath: resources.V(r.c.Path)}}, nil
	}
	if err != nil {
		return resources.State{}, err
	}
	return stateOf(r.c.Path, data), nil
}

// stateOf describes the file whose bytes are data.
func stateOf(path string, data []byte) resources.State {
	obs := &observed{data: data}
	attrs := resources.Attrs{AttrPath: resources.V(path)}
	f, err := spogjs.Parse(data)
	if err != nil {
		obs.parseErr = err
	} else {
		obs.file = f
		for _, n := range []string{AttrProtocol, AttrServerName} {
			if v, _, ok := f.Get(n); ok {
				attrs[n] = resources.V(v)
			}
		}
	}
	return resources.State{Exists: true, Attrs: attrs, Fingerprint: resources.FingerprintBytes(data), Private: obs}
}

// Apply edits the two values, after checking the file did not move since
// Read and backing it up.
func (r *Resource) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	data, err := r.c.Host.ReadFile(ctx, r.c.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return resources.State{}, fmt.Errorf("spog_config.js at %s disappeared since it was read", r.c.Path)
	}
	if err != nil {
		return resources.State{}, err
	}
	if ch.Action == resources.NoOp {
		return stateOf(r.c.Path, data), nil
	}
	pl, ok := ch.Private.(*planned)
	if !ok {
		return resources.State{}, fmt.Errorf("%s: change was not planned by this resource: plan again", r.c.Path)
	}
	if resources.FingerprintBytes(data) != pl.fingerprint {
		return resources.State{}, fmt.Errorf("%s: %w", r.c.Path, ErrChangedSinceRead)
	}
	out, err := spogjs.Set(data, r.desired())
	if err != nil {
		return resources.State{}, fmt.Errorf("%s: %w", r.c.Path, err)
	}
	if _, err := host.Backup(ctx, r.c.Host, r.c.Path, r.c.Now()); err != nil {
		return resources.State{}, err
	}
	if err := r.c.Host.WriteFile(ctx, r.c.Path, out, 0o644); err != nil {
		return resources.State{}, err
	}
	return stateOf(r.c.Path, out), nil
}

func (r *Resource) desired() map[string]string {
	return map[string]string{AttrProtocol: r.c.Protocol, AttrServerName: r.c.ServerName}
}
