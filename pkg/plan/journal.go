package plan

import (
	"slices"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Journal keeps pending notifications: a subscriber (a service to restart)
// was notified that a resource it subscribes to was about to change, and has
// not yet been applied successfully since. Apply records a notification
// before applying the subscribed resource and clears the subscriber's
// notifications after applying the subscriber; Build passes the pending ones
// to the subscriber's Plan as Triggers with Since set. So a restart is not
// forgotten when a run fails between the change and the restart.
//
// Implementations must be safe for concurrent use.
type Journal interface {
	// Pending returns every pending notification by subscriber. The caller
	// owns the returned map. An error means the journal cannot be read.
	Pending() (map[resources.Addr][]resources.Trigger, error)
	// Record adds a notification for sub. Notifications are de-duplicated
	// by From: recording one that is already pending keeps the earlier one.
	Record(sub resources.Addr, t resources.Trigger) error
	// Clear forgets every notification for sub. Clearing a subscriber with
	// nothing pending is not an error.
	Clear(sub resources.Addr) error
	// Forget withdraws notification t for sub if it is still the pending
	// one (same From and Since): the change it announced was not made. An
	// older pending notification from the same resource is kept.
	Forget(sub resources.Addr, t resources.Trigger) error
}

// pendingSet is the state both journals share.
type pendingSet map[resources.Addr][]resources.Trigger

// record adds t for sub unless a notification from t.From is pending; it
// reports whether the set changed. Triggers stay sorted by From.
func (p pendingSet) record(sub resources.Addr, t resources.Trigger) bool {
	ts := p[sub]
	i, found := slices.BinarySearchFunc(ts, t.From, func(e resources.Trigger, a resources.Addr) int {
		return resources.CompareAddr(e.From, a)
	})
	if found {
		return false
	}
	p[sub] = slices.Insert(ts, i, t)
	return true
}

// clear removes sub; it reports whether the set changed.
func (p pendingSet) clear(sub resources.Addr) bool {
	if _, ok := p[sub]; !ok {
		return false
	}
	delete(p, sub)
	return true
}

// forget removes t for sub when the pending notification from t.From is
// exactly t; it reports whether the set changed.
func (p pendingSet) forget(sub resources.Addr, t resources.Trigger) bool {
	ts := p[sub]
	i := slices.IndexFunc(ts, func(e resources.Trigger) bool { return e.From == t.From && e.Since.Equal(t.Since) })
	if i < 0 {
		return false
	}
	if ts = slices.Delete(ts, i, i+1); len(ts) == 0 {
		delete(p, sub)
	} else {
		p[sub] = ts
	}
	return true
}

// clone returns a deep copy as a plain map.
func (p pendingSet) clone() map[resources.Addr][]resources.Trigger {
	out := make(map[resources.Addr][]resources.Trigger, len(p))
	for k, v := range p {
		out[k] = slices.Clone(v)
	}
	return out
}

// MemJournal is a Journal in memory: it survives a failed resource within
// one process, not a new run. It is the default when Options.Journal is nil.
type MemJournal struct {
	mu      sync.Mutex
	pending pendingSet
}

// NewMemJournal returns an empty in-memory journal.
func NewMemJournal() *MemJournal { return &MemJournal{pending: pendingSet{}} }

// Pending implements Journal.
func (j *MemJournal) Pending() (map[resources.Addr][]resources.Trigger, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.pending.clone(), nil
}

// Record implements Journal.
func (j *MemJournal) Record(sub resources.Addr, t resources.Trigger) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending.record(sub, t)
	return nil
}

// Clear implements Journal.
func (j *MemJournal) Clear(sub resources.Addr) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending.clear(sub)
	return nil
}

// Forget implements Journal.
func (j *MemJournal) Forget(sub resources.Addr, t resources.Trigger) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending.forget(sub, t)
	return nil
}
