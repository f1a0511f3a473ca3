package check

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Kind is the resource kind's name in addresses and specs.
const Kind = "check"

// Check is what a check resource asserts.
type Check int

const (
	// MRDs: ECE_Email, ECE_Chat and ECE_Outbound exist and are associated
	// with Config.AppInstance (tech note prerequisites).
	MRDs Check = iota + 1
	// AppInstance: Config.AppInstance exists in PCCE with exactly that case.
	AppInstance
	// InventoryStatus: no inventory alert about an ECE machine (step 6).
	InventoryStatus
)

// String names the check as specs and addresses do.
func (c Check) String() string {
	switch c {
	case MRDs:
		return "mrds"
	case AppInstance:
		return "app_instance"
	case InventoryStatus:
		return "inventory_status"
	}
	return fmt.Sprintf("check(%d)", int(c))
}

// ParseCheck is the inverse of String.
func ParseCheck(s string) (Check, error) {
	for c := MRDs; c <= InventoryStatus; c++ {
		if c.String() == s {
			return c, nil
		}
	}
	return 0, fmt.Errorf("unknown check %q (known: %s, %s, %s)", s, MRDs, AppInstance, InventoryStatus)
}

// Client is the part of the Unified Config API the checks read;
// *pcce.Client satisfies it.
type Client interface {
	ListMRDs(ctx context.Context) ([]pcce.MRD, error)
	ListApplicationInstances(ctx context.Context) ([]pcce.ApplicationInstance, error)
	MachineStatus(ctx context.Context) (pcce.MachineStatus, error)
}

var _ Client = (*pcce.Client)(nil)

// Defaults of the InventoryStatus polls.
const (
	DefaultPolls    = 5
	DefaultInterval = 15 * time.Second
)

// Config is one check.
type Config struct {
	Addr      resources.Addr
	DependsOn []resources.Addr
	Check     Check
	Client    Client
	// AppInstance is the application instance (case-sensitive): MRDs and
	// AppInstance.
	AppInstance string
	// Machines are the inventory_machine resources InventoryStatus
	// subscribes to.
	Machines []resources.Addr
	// Polls is how many times InventoryStatus's Apply reads the status
	// (default 5), Interval apart (default 15s), waiting with Sleep
	// (default a timer that ends early when ctx is done).
	Polls    int
	Interval time.Duration
	Sleep    func(ctx context.Context, d time.Duration) error
}

// Resource is one check. It implements resources.Subscriber (only
// InventoryStatus subscribes to anything) and resources.Describer.
type Resource struct {
	c Config
}

var (
	_ resources.Subscriber = (*Resource)(nil)
	_ resources.Describer  = (*Resource)(nil)
)

// New returns the check for c.
func New(c Config) *Resource {
	if c.Polls <= 0 {
		c.Polls = DefaultPolls
	}
	if c.Interval <= 0 {
		c.Interval = DefaultInterval
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	return &Resource{c: c}
}

// Addr returns the resource's address.
func (r *Resource) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the declared dependencies; the engine adds the
// subscriptions.
func (r *Resource) DependsOn() []resources.Addr { return r.c.DependsOn }

// Subscribes returns the inventory machines InventoryStatus re-checks
// after; nil for the other checks.
func (r *Resource) Subscribes() []resources.Addr {
	if r.c.Check != InventoryStatus {
		return nil
	}
	return r.c.Machines
}

// Describe says what is asserted.
func (r *Resource) Describe() string {
	switch r.c.Check {
	case MRDs:
		return fmt.Sprintf("PCCE: ECE media routing domains associated with %q", r.c.AppInstance)
	case AppInstance:
		return fmt.Sprintf("PCCE: application instance %q", r.c.AppInstance)
	case InventoryStatus:
		return "PCCE: no inventory alert for ECE machines"
	}
	return r.c.Check.String()
}

// Read observes what the check asserts about.
func (r *Resource) Read(ctx context.Context) (resources.State, error) {
	if r.c.Client == nil {
		return resources.State{}, fmt.Errorf("check %s: no PCCE client configured", r.c.Check)
	}
	switch r.c.Check {
	case MRDs:
		return r.readMRDs(ctx)
	case AppInstance:
		return r.readAppInstance(ctx)
	case InventoryStatus:
		return r.readStatus(ctx)
	}
	return resources.State{}, fmt.Errorf("unknown check %s", r.c.Check)
}

// Plan asserts. It is pure.
func (r *Resource) Plan(in resources.PlanInput) (resources.Change, error) {
	if err := r.validate(); err != nil {
		return failPlan(r.c.Addr, in.Current, []resources.Reason{{Code: InvalidSettings, Message: err.Error()}}, err)
	}
	switch r.c.Check {
	case MRDs:
		return r.planMRDs(in.Current)
	case AppInstance:
		return r.planAppInstance(in.Current)
	default:
		return r.planStatus(in)
	}
}

// Apply never changes anything: InventoryStatus reads the status again
// until no ECE alert remains; the others read again.
func (r *Resource) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	if r.c.Check == InventoryStatus && ch.Action != resources.NoOp {
		return r.pollStatus(ctx)
	}
	return r.Read(ctx)
}

func (r *Resource) validate() error {
	switch r.c.Check {
	case MRDs, AppInstance:
		if r.c.AppInstance == "" {
			return fmt.Errorf("check %s: no application instance to check", r.c.Check)
		}
	case InventoryStatus:
	default:
		return fmt.Errorf("unknown check %s", r.c.Check)
	}
	return nil
}

// failPlan is a failed assertion: a NoOp Change carrying the reasons, and
// the error.
func failPlan(addr resources.Addr, cur resources.State, reasons []resources.Reason, err error) (resources.Change, error) {
	ch := resources.NoChange(addr, cur)
	ch.Reasons = reasons
	return ch, err
}

// joinReasons is the error of failed assertions: a lead and every
// reason's message. It matches resources.ErrCannotConverge: apply cannot
// fix what a check finds, a person must (drift reports it as drift).
func joinReasons(lead string, reasons []resources.Reason) error {
	msg := lead
	for i, r := range reasons {
		if i == 0 {
			msg += ": "
		} else {
			msg += "; "
		}
		msg += r.Message
	}
	return fmt.Errorf("%w (%w)", errors.New(msg), resources.ErrCannotConverge)
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
