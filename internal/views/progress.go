package views

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Lines is the apply progress for logs and pipes: one stable line per
// resource that finished applying, failed or was skipped, written when it
// happens, never redrawn, no escape sequences:
//
//	applied keystore.ads_cacerts[ads-a] 12ms
//	failed keystore.ads_cacerts[ads-b] 3ms
//	skipped service.ads_tomcat[ads-b] 0s
//
// The fields are the status (plan.Status's word), the address and the
// duration; resources left unchanged print nothing. Lines is a plan.Hook,
// safe for concurrent use.
type Lines struct {
	plan.NopHook
	mu sync.Mutex
	w  io.Writer
}

// NewLines reports apply progress to w, one line per finished resource.
func NewLines(w io.Writer) *Lines { return &Lines{w: w} }

// PostApply implements plan.Hook.
func (l *Lines) PostApply(a resources.Addr, st plan.Status, _ error, d time.Duration) {
	if st == plan.Unchanged {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s %s\n", st, a, round(d))
}

// verb is the -ing stem of an action ("updat" + "ing").
func verb(a resources.Action) string {
	switch a {
	case resources.Create:
		return "creat"
	case resources.Delete:
		return "delet"
	}
	return "updat"
}

// round keeps durations readable: microseconds below a millisecond,
// milliseconds above.
func round(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}
