package verify

import (
	"context"
	"fmt"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Defaults of Options.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultParallelism = 10
)

// Options are Run's injected dependencies and limits.
type Options struct {
	// Now is the clock: certificate validity and the report's times
	// (default time.Now).
	Now func() time.Time
	// Timeout bounds the whole run; what has not answered by then is an
	// error of its own checks only (default DefaultTimeout).
	Timeout time.Duration
	// Parallelism is how many reads run at once (default
	// DefaultParallelism).
	Parallelism int
	// ToolVersion goes into the report.
	ToolVersion string
}

// Run gathers the facts of t concurrently, then judges every check.
func Run(ctx context.Context, t Target, opt Options) Report {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Parallelism <= 0 {
		opt.Parallelism = DefaultParallelism
	}
	if t.Port == 0 {
		t.Port = 443
	}
	start := opt.Now()
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	g := &gatherer{ctx: ctx, sem: make(chan struct{}, opt.Parallelism), timeout: opt.Timeout}
	f := g.gather(t)
	f.now = opt.Now()
	results := judge(t, f)
	return Report{
		Environment: t.Environment,
		SpecFile:    t.SpecFile,
		ToolVersion: opt.ToolVersion,
		FQDN:        t.FQDN,
		CheckedAt:   start,
		Duration:    opt.Now().Sub(start),
		Results:     results,
	}
}

// judge runs every check's decision on the facts, in report order.
func judge(t Target, f *facts) []Result {
	var out []Result
	out = append(out, judgePKIXAll(t, f)...)
	out = append(out, judgeSNIAll(t, f)...)
	out = append(out, judgeFQDNAll(t, f)...)
	out = append(out, judgeServices(t, f)...)
	out = append(out, judgeLDAP(t, f))
	out = append(out, judgeInventory(t, f))
	out = append(out, judgeChannels(t, f))
	return out
}

// outcome is a fact: a value or why it could not be read.
type outcome[T any] struct {
	v   T
	err error
}

// future is a fact being read.
type future[T any] struct {
	done chan struct{}
	out  outcome[T]
}

// gatherer starts the reads, Parallelism at a time, under one deadline.
type gatherer struct {
	ctx     context.Context
	sem     chan struct{}
	timeout time.Duration
}

func fetch[T any](g *gatherer, fn func(context.Context) (T, error)) *future[T] {
	f := &future[T]{done: make(chan struct{})}
	go func() {
		defer close(f.done)
		select {
		case g.sem <- struct{}{}:
			defer func() { <-g.sem }()
		case <-g.ctx.Done():
			f.out.err = g.ctx.Err()
			return
		}
		f.out.v, f.out.err = fn(g.ctx)
	}()
	return f
}

// wait returns the fact, or a timeout error once the deadline passed
// without an answer (the read may still be running; it is not waited for).
func (f *future[T]) wait(g *gatherer) outcome[T] {
	if f == nil {
		return outcome[T]{}
	}
	select {
	case <-f.done:
		return f.out
	default:
	}
	select {
	case <-f.done:
		return f.out
	case <-g.ctx.Done():
		return outcome[T]{err: fmt.Errorf("no answer within %s: %w", g.timeout, g.ctx.Err())}
	}
}

// webFacts are what one web server presents.
type webFacts struct {
	withSNI, withoutSNI outcome[Presentation]
	// bindings is known when the presenter reads IIS.
	bindings      outcome[[]winops.Binding]
	bindingsKnown bool
}

// facts are everything read, by subject.
type facts struct {
	now      time.Time
	web      map[string]webFacts
	stores   map[string]outcome[[]TrustedCert]
	services map[string]outcome[serviceFact]
	ldap     outcome[LDAPOutcome]
	ssoSaved outcome[*bool] // nil: unknown (manual backend, no backend)
	pcce     pcceFacts
	ucce     outcome[adminFact]
}
