package views

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeTicker never ticks (the test calls Tick) and counts starts and stops.
type fakeTicker struct {
	mu             sync.Mutex
	starts, stops  int
	interval       time.Duration
	runningTickers int
}

func (f *fakeTicker) new(d time.Duration) (<-chan time.Time, func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starts++
	f.runningTickers++
	f.interval = d
	return nil, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.stops++
		f.runningTickers--
	}
}

func (f *fakeTicker) running() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.runningTickers
}

func updateChange() resources.Change { return resources.Change{Action: resources.Update} }

func TestLinesGolden(t *testing.T) {
	var b bytes.Buffer
	l := NewLines(&b)
	ks, ks2, svc, spog := addr("keystore.ads_cacerts[ads-a]"), addr("keystore.ads_cacerts[ads-b]"), addr("service.ads_tomcat[ads-b]"), addr("spog_config.spog_config[ece-web-a]")
	l.PreRead(ks)
	l.PreApply(ks, updateChange())
	l.PreApply(ks2, updateChange())
	l.PostApply(ks, plan.Applied, nil, 12*time.Millisecond+400*time.Microsecond)
	l.PostApply(ks2, plan.Failed, errors.New("wrong keystore password"), 1234*time.Millisecond)
	l.PostApply(svc, plan.Skipped, nil, 0)
	l.PostApply(spog, plan.Unchanged, nil, 0)
	l.PostApply(addr("keystore.k[fast]"), plan.Applied, nil, 250*time.Microsecond)
	if strings.Contains(b.String(), "\x1b") {
		t.Errorf("escape sequences in plain progress:\n%q", b.String())
	}
	golden(t, "progress_lines.txt", b.Bytes())
}

// TestLive runs a scripted apply through the terminal display and checks
// what each step writes: the escape sequences, the lines, the redraw
// limit, the ticker's life, and that the end leaves permanent lines only.
func TestLive(t *testing.T) {
	clock := newFakeClock()
	ticker := &fakeTicker{}
	var out bytes.Buffer
	l := NewLive(&out, LiveOptions{Now: clock.Now, NewTicker: ticker.new})
	w := l.Writer()
	ks, spog, svc := addr("keystore.ads_cacerts[ads-a]"), addr("spog_config.spog_config[ece-web-a]"), addr("service.ads_tomcat[ads-b]")
	const up1, up2 = "\x1b[1A\x1b[J", "\x1b[2A\x1b[J"

	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"the plan passes through", func() { fmt.Fprint(w, "Plan: 2 to change.\n") }, "Plan: 2 to change.\n"},
		{"the first resource starts", func() { l.PreApply(ks, updateChange()) },
			"  … updating keystore.ads_cacerts[ads-a]  0.0s\n"},
		{"a second one 50ms later waits for the next redraw", func() {
			clock.advance(50 * time.Millisecond)
			l.PreApply(spog, resources.Change{Action: resources.Create})
		}, ""},
		{"a tick 150ms later redraws both", func() { clock.advance(150 * time.Millisecond); l.Tick() },
			up1 + "  … updating keystore.ads_cacerts[ads-a]  0.2s\n  … creating spog_config.spog_config[ece-web-a]  0.1s\n"},
		{"a tick too soon does nothing", func() { clock.advance(99 * time.Millisecond); l.Tick() }, ""},
		{"one finishes: permanent line, the other redrawn", func() {
			clock.advance(101 * time.Millisecond)
			l.PostApply(ks, plan.Applied, nil, 400*time.Millisecond)
		}, up2 + "  ✓ keystore.ads_cacerts[ads-a] updated in 400ms\n  … creating spog_config.spog_config[ece-web-a]  0.3s\n"},
		{"unchanged resources print nothing", func() { l.PostApply(addr("keystore.k[x]"), plan.Unchanged, nil, 0) }, ""},
		{"a skipped one right after: permanent line, redraw deferred", func() { l.PostApply(svc, plan.Skipped, nil, 0) },
			up1 + "  - service.ads_tomcat[ads-b] skipped\n"},
		{"an operator task is printed whole", func() { fmt.Fprint(w, "Operator task:\n  Go to: Administration\n") },
			"Operator task:\n  Go to: Administration\n"},
		{"the next tick draws the region below it", func() { clock.advance(950 * time.Millisecond); l.Tick() },
			"  … creating spog_config.spog_config[ece-web-a]  1.3s\n"},
		{"a prompt erases the region", func() { fmt.Fprint(w, "type your name: ") }, up1 + "type your name: "},
		{"no redraw while the prompt waits", func() { clock.advance(time.Second); l.Tick() }, ""},
		{"the last one fails: permanent line, nothing drawn after", func() {
			fmt.Fprint(w, "\n")
			l.PostApply(spog, plan.Failed, errors.New("boom"), 2300*time.Millisecond)
		}, "\n  ✗ spog_config.spog_config[ece-web-a] failed after 2.3s\n"},
		{"ticks after the end draw nothing", func() { clock.advance(time.Second); l.Tick() }, ""},
		{"the result passes through", func() { fmt.Fprint(w, "Apply failed.\n") }, "Apply failed.\n"},
	}
	for _, s := range steps {
		before := out.Len()
		s.do()
		if got := out.String()[before:]; got != s.want {
			t.Fatalf("%s:\n got  %q\n want %q", s.name, got, s.want)
		}
	}
	if ticker.starts != 1 || ticker.stops != 1 || ticker.interval != 100*time.Millisecond {
		t.Errorf("ticker started %d, stopped %d times, interval %s; want once, once, 100ms", ticker.starts, ticker.stops, ticker.interval)
	}
}

func TestLiveCutsAndCounts(t *testing.T) {
	clock := newFakeClock()
	var out bytes.Buffer
	l := NewLive(&out, LiveOptions{Now: clock.Now, NewTicker: (&fakeTicker{}).new, Width: 40, MaxLines: 3})
	for i := range 5 {
		l.PreApply(resources.Addr{Kind: "keystore", Name: "a_very_long_name_for_a_keystore", Host: fmt.Sprint("h", i)}, updateChange())
	}
	clock.advance(time.Second)
	out.Reset()
	l.Tick()
	want := "\x1b[1A\x1b[J" +
		"  … updating keystore.a_very_long_name…\n" +
		"  … updating keystore.a_very_long_name…\n" +
		"  … and 3 more\n"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}
}

// TestLiveConcurrent applies many resources from many goroutines, ticks
// included (run with -race): every resource gets its permanent line, and
// the display ends without a live region.
func TestLiveConcurrent(t *testing.T) {
	clock := newFakeClock()
	ticker := &fakeTicker{}
	var out bytes.Buffer
	l := NewLive(&out, LiveOptions{Now: clock.Now, NewTicker: ticker.new})
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := resources.Addr{Kind: "keystore", Name: "k", Host: fmt.Sprint("h", i)}
			l.PreApply(a, updateChange())
			clock.advance(time.Duration(i) * time.Millisecond)
			l.Tick()
			l.PostApply(a, plan.Applied, nil, time.Millisecond)
		}()
	}
	wg.Wait()
	s := out.String()
	if got := strings.Count(s, "✓"); got != n {
		t.Errorf("%d permanent lines, want %d", got, n)
	}
	last := s[strings.LastIndex(s, "\x1b[J")+len("\x1b[J"):]
	if strings.Contains(last, "…") || !strings.HasSuffix(s, "\n") {
		t.Errorf("a live line is left after the end:\n%q", last)
	}
	if ticker.running() != 0 {
		t.Errorf("%d tickers still running after the last resource", ticker.running())
	}
}
