package resources

import (
	"context"
	"time"
)

// PlanInput is everything Plan may look at. Plan must not do I/O: all it
// needs from reality is in Current, and the clock is Now.
type PlanInput struct {
	// Current is what Read returned.
	Current State
	// Upstream holds, per dependency, its planned Change (at plan time) or a
	// NoOp Change whose After is its final state (at apply time, after the
	// dependency was applied). A value a dependency will only know after
	// apply is Unknown at plan time and known at apply time.
	Upstream map[Addr]Change
	// Triggers lists the subscribed resources that changed (or will change),
	// and pending notifications recorded by an earlier run that did not
	// complete. Only Subscribers receive triggers.
	Triggers []Trigger
	// Now is the injected clock.
	Now time.Time
}

// Trigger is one notification a Subscriber received.
type Trigger struct {
	From  Addr      `json:"from"`
	Since time.Time `json:"since,omitzero"` // when a pending notification was recorded; zero when fresh
}

// Resource is one managed thing. See the package documentation for the life
// cycle. Error semantics:
//
//   - Read returns an error only when reality cannot be observed (host
//     unreachable, wrong password, corrupt file); absent is State{Exists:false}.
//   - Plan returns an error when the desired state cannot be reached from the
//     current one (a missing assignment in a file that must not be appended
//     to); the resource fails and its dependents are skipped.
//   - Apply returns an error when it could not converge; it must leave
//     reality either untouched or fully changed, never half-written.
type Resource interface {
	Addr() Addr
	DependsOn() []Addr
	Read(ctx context.Context) (State, error)
	Plan(in PlanInput) (Change, error)
	Apply(ctx context.Context, ch Change) (State, error)
}

// Subscriber is implemented by resources that act when another resource
// changes (a service restarted after its keystore changed). Subscriptions are
// also dependencies. The engine records a pending notification before it
// applies a subscribed resource, and clears it only after the subscriber was
// applied, so a notification survives a failed run.
type Subscriber interface {
	Resource
	Subscribes() []Addr
}

// Describer is optionally implemented to give a one-line description of a
// resource for views ("C:\...\cacerts on ads-a").
type Describer interface {
	Describe() string
}
