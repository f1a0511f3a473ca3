package views

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Live is the apply progress for a person at a terminal. Below the output
// it keeps a live region: one line per resource being applied, with its
// elapsed time, redrawn in place with ANSI escape sequences at most once
// per LiveOptions.Interval. A resource that finishes is printed above the
// region as a permanent line with its duration; when nothing runs any more
// the region is erased, so the terminal ends with permanent lines only.
//
// Everything else written to the same terminal during the run must go
// through Writer, which erases the region first: otherwise a redraw would
// overwrite it. A write that does not end a line (a prompt waiting for the
// operator) hides the region until a later write ends one.
//
// Redraws happen on PreApply and PostApply and on the ticks of a ticker
// that runs only while something is being applied. Live is a plan.Hook,
// safe for concurrent use.
type Live struct {
	plan.NopHook
	o LiveOptions

	mu       sync.Mutex
	w        io.Writer
	running  []liveRun
	drawn    int // lines of the live region on the screen
	lastDraw time.Time
	prompt   bool // the last foreign write left the cursor mid-line
	stopTick func()
}

type liveRun struct {
	addr   resources.Addr
	action resources.Action
	start  time.Time
}

// LiveOptions tune a Live display. Zero values take the defaults.
type LiveOptions struct {
	// Now is the clock of elapsed times and of the redraw limit;
	// time.Now when nil.
	Now func() time.Time
	// Interval is the shortest time between two redraws; 100ms.
	Interval time.Duration
	// NewTicker starts the ticker that redraws while resources are being
	// applied and returns its channel and a stop function; time.NewTicker
	// when nil. Tests pass one that never ticks and call Tick.
	NewTicker func(time.Duration) (<-chan time.Time, func())
	// Width is the terminal's width: longer lines are cut so that none
	// wraps (a wrapped line would break the redraw); 80.
	Width int
	// MaxLines is the most running resources listed; the rest are
	// counted on one more line; 8.
	MaxLines int
}

// NewLive reports apply progress to the terminal w.
func NewLive(w io.Writer, o LiveOptions) *Live {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Interval <= 0 {
		o.Interval = 100 * time.Millisecond
	}
	if o.NewTicker == nil {
		o.NewTicker = func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}
	}
	if o.Width <= 0 {
		o.Width = 80
	}
	if o.MaxLines <= 0 {
		o.MaxLines = 8
	}
	return &Live{o: o, w: w}
}

// ANSI sequences of the live region.
const (
	ansiUp        = "\x1b[%dA" // cursor up n lines
	ansiEraseDown = "\x1b[J"   // erase from the cursor to the end of the screen
)

// PreApply implements plan.Hook: the resource joins the live region.
func (l *Live) PreApply(a resources.Addr, ch resources.Change) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.running = append(l.running, liveRun{addr: a, action: ch.Action, start: l.o.Now()})
	if l.stopTick == nil {
		l.startTicker()
	}
	var b bytes.Buffer
	l.redraw(&b)
	l.flush(&b)
}

// PostApply implements plan.Hook: a resource that was applied, failed or
// skipped gets its permanent line; the live region is drawn again below
// it, or erased for good when nothing runs any more.
func (l *Live) PostApply(a resources.Addr, st plan.Status, _ error, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	action := resources.Update
	for i, r := range l.running {
		if r.addr == a {
			action = r.action
			l.running = append(l.running[:i], l.running[i+1:]...)
			break
		}
	}
	if st == plan.Unchanged {
		return
	}
	var b bytes.Buffer
	l.erase(&b)
	switch st {
	case plan.Applied:
		fmt.Fprintf(&b, "  ✓ %s %sed in %s\n", a, verb(action), round(d))
	case plan.Failed:
		fmt.Fprintf(&b, "  ✗ %s failed after %s\n", a, round(d))
	case plan.Skipped:
		fmt.Fprintf(&b, "  - %s skipped\n", a)
	}
	if len(l.running) == 0 {
		l.stopTicker()
	} else {
		l.redraw(&b)
	}
	l.flush(&b)
}

// Tick redraws the live region (elapsed times move on), unless the last
// redraw was less than Interval ago.
func (l *Live) Tick() {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b bytes.Buffer
	l.redraw(&b)
	l.flush(&b)
}

// Writer returns the writer for everything else shown on the terminal
// during the run (the plan, operator tasks, the result).
func (l *Live) Writer() io.Writer { return liveWriter{l} }

type liveWriter struct{ l *Live }

func (lw liveWriter) Write(p []byte) (int, error) {
	l := lw.l
	l.mu.Lock()
	defer l.mu.Unlock()
	var b bytes.Buffer
	l.erase(&b)
	l.flush(&b)
	n, err := l.w.Write(p)
	if len(p) > 0 {
		l.prompt = p[len(p)-1] != '\n'
	}
	return n, err
}

// redraw replaces the live region by the running resources, unless it
// was drawn less than Interval ago, a prompt is waiting or nothing runs.
// A region erased in between (for a permanent line) then stays hidden
// until the next tick.
func (l *Live) redraw(b *bytes.Buffer) {
	now := l.o.Now()
	if l.prompt || len(l.running) == 0 || now.Sub(l.lastDraw) < l.o.Interval {
		return
	}
	l.erase(b)
	shown := l.running
	if len(shown) > l.o.MaxLines {
		shown = shown[:l.o.MaxLines-1]
	}
	for _, r := range shown {
		line := fmt.Sprintf("  … %sing %s  %.1fs", verb(r.action), r.addr, now.Sub(r.start).Seconds())
		b.WriteString(cut(line, l.o.Width-1))
		b.WriteByte('\n')
		l.drawn++
	}
	if more := len(l.running) - len(shown); more > 0 {
		fmt.Fprintf(b, "  … and %d more\n", more)
		l.drawn++
	}
	l.lastDraw = now
}

// erase removes the live region: the cursor goes up to its first line and
// everything below is cleared.
func (l *Live) erase(b *bytes.Buffer) {
	if l.drawn == 0 {
		return
	}
	fmt.Fprintf(b, ansiUp, l.drawn)
	b.WriteString(ansiEraseDown)
	l.drawn = 0
}

// flush writes one frame at once, so the terminal never shows half of it.
// A failing terminal is not the run's failure: the error is dropped.
func (l *Live) flush(b *bytes.Buffer) {
	if b.Len() > 0 {
		_, _ = l.w.Write(b.Bytes())
	}
}

func (l *Live) startTicker() {
	c, stop := l.o.NewTicker(l.o.Interval)
	done := make(chan struct{})
	l.stopTick = func() {
		stop()
		close(done)
	}
	go func() {
		for {
			select {
			case <-c:
				l.Tick()
			case <-done:
				return
			}
		}
	}()
}

func (l *Live) stopTicker() {
	if l.stopTick != nil {
		l.stopTick()
		l.stopTick = nil
	}
}

// cut shortens s to at most n runes, ending with "…" when cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n || n < 1 {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}
