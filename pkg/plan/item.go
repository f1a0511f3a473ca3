package plan

import (
	"fmt"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Plan is the result of Build: one Item per resource, in topological order.
type Plan struct {
	// CreatedAt is Options.Now at the time Build planned.
	CreatedAt time.Time
	// Items, one per resource, in Graph.Order.
	Items []*Item

	index map[resources.Addr]*Item
}

// Item is the plan of one resource.
//
//	state                  Err     Skipped  Change
//	planned                nil     false    what Apply will do (maybe NoOp)
//	read or plan failed    set     false    Change{Addr} (NoOp)
//	upstream failed        nil     true     Change{Addr} (NoOp), not planned
//
// Current and Fingerprint are set whenever Read succeeded, skipped items
// included, so a saved plan can tell that reality moved under them too.
type Item struct {
	Addr        resources.Addr
	Change      resources.Change
	Current     resources.State
	Fingerprint string
	// Triggers the resource was planned with: subscribed resources whose
	// planned action is not NoOp (Since zero) and pending notifications
	// from the journal (Since set), one per From, sorted by From.
	Triggers   []resources.Trigger
	Err        error
	Skipped    bool
	SkipReason string
}

// ok reports whether the item was planned.
func (it *Item) ok() bool { return it.Err == nil && !it.Skipped }

// Item returns the item for addr, or nil.
func (p *Plan) Item(addr resources.Addr) *Item { return p.index[addr] }

// HasChanges reports whether any planned item's action is not NoOp.
func (p *Plan) HasChanges() bool { return len(p.Changes()) > 0 }

// Changes returns the planned items whose action is not NoOp, in order.
func (p *Plan) Changes() []*Item {
	var out []*Item
	for _, it := range p.Items {
		if it.ok() && it.Change.Action != resources.NoOp {
			out = append(out, it)
		}
	}
	return out
}

// Failed returns the items whose read or plan failed, in order. Skipped
// items are not failures.
func (p *Plan) Failed() []*Item {
	var out []*Item
	for _, it := range p.Items {
		if it.Err != nil {
			out = append(out, it)
		}
	}
	return out
}

// Skipped returns the items not planned because a dependency failed.
func (p *Plan) Skipped() []*Item {
	var out []*Item
	for _, it := range p.Items {
		if it.Skipped {
			out = append(out, it)
		}
	}
	return out
}

// Err returns the failures, each prefixed with its address: nil, one error,
// or Errors.
func (p *Plan) Err() error {
	var errs []error
	for _, it := range p.Failed() {
		errs = append(errs, fmt.Errorf("%s: %w", it.Addr, it.Err))
	}
	return flatten(errs)
}

// Counts returns how many planned items create, update and delete.
func (p *Plan) Counts() (add, change, destroy int) {
	for _, it := range p.Changes() {
		switch it.Change.Action {
		case resources.Create:
			add++
		case resources.Update:
			change++
		case resources.Delete:
			destroy++
		}
	}
	return add, change, destroy
}

func (p *Plan) add(it *Item) {
	if p.index == nil {
		p.index = make(map[resources.Addr]*Item)
	}
	p.Items = append(p.Items, it)
	p.index[it.Addr] = it
}
