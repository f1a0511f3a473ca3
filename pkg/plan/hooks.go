package plan

import (
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Hook observes progress; views implement it to show what happens while it
// happens. Methods are called from the goroutines doing the work, so they
// may be called concurrently for different addresses and must be safe for
// that. They must return quickly and must not call back into the engine.
//
//	PreRead    before a resource is read during Build
//	PostRead   after it was read, with the state or the error
//	PreApply   before Apply is called, with the change about to be applied
//	PostApply  once per resource during Apply, with its final status, whether
//	           or not Apply was called (Unchanged and Skipped included)
type Hook interface {
	PreRead(addr resources.Addr)
	PostRead(addr resources.Addr, st resources.State, err error)
	PreApply(addr resources.Addr, ch resources.Change)
	PostApply(addr resources.Addr, status Status, err error, d time.Duration)
}

// NopHook does nothing; embed it to implement only some methods.
type NopHook struct{}

func (NopHook) PreRead(resources.Addr)                                 {}
func (NopHook) PostRead(resources.Addr, resources.State, error)        {}
func (NopHook) PreApply(resources.Addr, resources.Change)              {}
func (NopHook) PostApply(resources.Addr, Status, error, time.Duration) {}

// MultiHook calls each hook in turn. Nil hooks are ignored.
func MultiHook(hooks ...Hook) Hook {
	var hs multiHook
	for _, h := range hooks {
		if h != nil {
			hs = append(hs, h)
		}
	}
	return hs
}

type multiHook []Hook

func (m multiHook) PreRead(a resources.Addr) {
	for _, h := range m {
		h.PreRead(a)
	}
}

func (m multiHook) PostRead(a resources.Addr, st resources.State, err error) {
	for _, h := range m {
		h.PostRead(a, st, err)
	}
}

func (m multiHook) PreApply(a resources.Addr, ch resources.Change) {
	for _, h := range m {
		h.PreApply(a, ch)
	}
}

func (m multiHook) PostApply(a resources.Addr, s Status, err error, d time.Duration) {
	for _, h := range m {
		h.PostApply(a, s, err, d)
	}
}
