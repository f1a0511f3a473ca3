package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Kind is the resource kind's name in specs and addresses.
const Kind = "service"

// Attribute names.
const (
	AttrService = "service"
	AttrRunning = "running"
	// AttrRestart appears only in a planned change's After: "yes" when the
	// service will be restarted.
	AttrRestart = "restart"
)

// Config is one service on one host.
type Config struct {
	Addr       resources.Addr
	DependsOn  []resources.Addr
	Subscribes []resources.Addr
	Host       host.Host
	// Service is the Windows service name, e.g. "Apache Tomcat".
	Service string
}

// Resource manages one service.
type Resource struct {
	c Config
}

var (
	_ resources.Subscriber = (*Resource)(nil)
	_ resources.Describer  = (*Resource)(nil)
)

// New returns the resource for c.
func New(c Config) *Resource { return &Resource{c: c} }

// Addr returns the resource's address.
func (r *Resource) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the declared dependencies. Subscriptions are
// dependencies too; the engine adds Subscribes itself.
func (r *Resource) DependsOn() []resources.Addr { return r.c.DependsOn }

// Subscribes returns the resources whose change restarts the service.
func (r *Resource) Subscribes() []resources.Addr { return r.c.Subscribes }

// Describe names the service and its host.
func (r *Resource) Describe() string {
	return fmt.Sprintf("service %q on %s", r.c.Service, r.hostName())
}

func (r *Resource) hostName() string {
	if r.c.Addr.Host != "" || r.c.Host == nil {
		return r.c.Addr.Host
	}
	return r.c.Host.Name()
}

// Read asks the host about the service.
func (r *Resource) Read(ctx context.Context) (resources.State, error) {
	st, err := r.c.Host.ServiceStatus(ctx, r.c.Service)
	if err != nil {
		return resources.State{}, err
	}
	return stateOf(r.c.Service, st), nil
}

// stateOf turns a status into a State. The start time stays out of Attrs
// and so out of the fingerprint.
func stateOf(name string, st host.ServiceStatus) resources.State {
	attrs := resources.Attrs{AttrService: resources.V(name)}
	if st.Exists {
		attrs[AttrRunning] = resources.V(strconv.FormatBool(st.Running))
	}
	s := resources.State{Exists: st.Exists, Attrs: attrs, Private: st}
	s.Fingerprint = resources.FingerprintOf(resources.State{Exists: s.Exists, Attrs: attrs})
	return s
}

// Plan decides whether to restart or start the service. It does no I/O.
func (r *Resource) Plan(in resources.PlanInput) (resources.Change, error) {
	cur := in.Current
	if !cur.Exists {
		msg := fmt.Sprintf("service %s not found on %s", r.c.Service, r.hostName())
		ch := resources.NoChange(r.c.Addr, cur)
		ch.Reasons = []resources.Reason{{Code: ServiceMissing, Message: msg}}
		return ch, errors.New(msg)
	}
	var reasons []resources.Reason
	for _, t := range in.Triggers {
		if t.Since.IsZero() {
			reasons = append(reasons, resources.Reason{Code: Notified,
				Message: fmt.Sprintf("%s changed", t.From)})
		} else {
			reasons = append(reasons, resources.Reason{Code: PendingRestart,
				Message: fmt.Sprintf("restart pending since %s (%s changed in an earlier run)",
					t.Since.UTC().Format(time.RFC3339), t.From)})
		}
	}
	running := cur.Attrs[AttrRunning].S == "true"
	if !running {
		reasons = append(reasons, resources.Reason{Code: NotRunning,
			Message: fmt.Sprintf("%s is not running: will be started", r.c.Service)})
	}
	if len(reasons) == 0 {
		return resources.NoChange(r.c.Addr, cur), nil
	}
	after := cur.Attrs.Clone()
	after[AttrRunning] = resources.V("true")
	if len(in.Triggers) > 0 {
		after[AttrRestart] = resources.V("yes")
	}
	return resources.Change{
		Addr:    r.c.Addr,
		Action:  resources.Update,
		Before:  cur.Attrs,
		After:   after,
		Reasons: reasons,
	}, nil
}

// Apply restarts (or starts) the service and reads its status again.
func (r *Resource) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	if ch.Action != resources.NoOp {
		if err := r.c.Host.RestartService(ctx, r.c.Service); err != nil {
			return resources.State{}, err
		}
	}
	return r.Read(ctx)
}
