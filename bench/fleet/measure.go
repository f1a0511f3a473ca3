package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/wire"
	"github.com/ecereconcile/ecereconcile/pkg/lab"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// Operations a measurement runs on each environment.
const (
	opPlan  = "plan"  // Build: read everything, plan (a drift check)
	opApply = "apply" // Build, then Apply (what apply -f does)
)

// report is what `fleet measure` prints (JSON).
type report struct {
	Op        string `json:"op"`
	Envs      int    `json:"envs"`
	Hosts     int    `json:"hosts"`
	Resources int    `json:"resources"`
	// Failed counts resources with an error (read, plan or apply) in all
	// environments.
	Failed   int    `json:"failed"`
	FirstErr string `json:"first_error,omitempty"`
	// WallNS is from the first spec load to the last environment done.
	WallNS   int64  `json:"wall_ns"`
	MaxRSSKB int64  `json:"max_rss_kb"`
	CPUNS    int64  `json:"cpu_ns"`
	HeapPeak uint64 `json:"heap_peak_bytes"`
	// Of the first environment: each resource's read and apply step
	// durations and dependencies.
	Reads map[string]int64    `json:"reads_ns"`
	Steps map[string]int64    `json:"steps_ns,omitempty"`
	Deps  map[string][]string `json:"deps"`
}

// recorder times each read and apply step (a plan.Hook).
type recorder struct {
	plan.NopHook
	mu     sync.Mutex
	starts map[resources.Addr]time.Time
	reads  map[string]int64
	steps  map[string]int64
}

func newRecorder() *recorder {
	return &recorder{starts: map[resources.Addr]time.Time{}, reads: map[string]int64{}, steps: map[string]int64{}}
}

func (r *recorder) PreRead(a resources.Addr) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.starts[a] = time.Now()
}

func (r *recorder) PostRead(a resources.Addr, _ resources.State, _ error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reads[a.String()] = time.Since(r.starts[a]).Nanoseconds()
}

func (r *recorder) PostApply(a resources.Addr, _ plan.Status, _ error, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.steps[a.String()] = d.Nanoseconds()
}

// envResult is one environment's run.
type envResult struct {
	hosts, resources, failed int
	firstErr                 error
	rec                      *recorder
	deps                     map[string][]string
}

// runEnv loads the lab spec in dir and runs op on it.
func runEnv(ctx context.Context, dir, op string, latency time.Duration, parallelism int) envResult {
	var res envResult
	sp, err := spec.Load(filepath.Join(dir, lab.SpecFile))
	if err != nil {
		res.failed, res.firstErr = 1, err
		return res
	}
	rs, err := wire.Resources(sp, wire.Env{Now: time.Now, LookupEnv: os.LookupEnv, LabLatency: latency})
	if err != nil {
		res.failed, res.firstErr = 1, err
		return res
	}
	g, err := plan.NewGraph(rs)
	if err != nil {
		res.failed, res.firstErr = 1, err
		return res
	}
	res.hosts, res.resources, res.rec = len(sp.Hosts), g.Len(), newRecorder()
	res.deps = map[string][]string{}
	for _, a := range g.Order() {
		for _, d := range g.Deps(a) {
			res.deps[a.String()] = append(res.deps[a.String()], d.String())
		}
	}
	opts := plan.Options{Parallelism: parallelism, Hooks: res.rec, Journal: plan.NewMemJournal(), AllowIrreversible: true}
	p, err := plan.Build(ctx, g, opts)
	if err != nil {
		res.failed, res.firstErr = 1, err
		return res
	}
	for _, it := range p.Items {
		if it.Err != nil {
			res.failed++
			if res.firstErr == nil {
				res.firstErr = fmt.Errorf("%s: %w", it.Addr, it.Err)
			}
		}
	}
	if op != opApply || res.failed > 0 {
		return res
	}
	out, err := plan.Apply(ctx, g, p, opts)
	if err != nil {
		res.failed, res.firstErr = 1, err
		return res
	}
	res.failed = out.Count(plan.Failed)
	res.firstErr = out.Err()
	return res
}

// heapSampler records the peak of the live heap until stopped.
func heapSampler() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done, finished := make(chan struct{}), make(chan struct{})
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak {
			peak = v
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-done:
				read()
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak
	}
}

// measure is `fleet measure -op OP -latency L -parallelism P DIR...`.
func measure(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("measure", flag.ContinueOnError)
	op := fs.String("op", opPlan, "plan or apply")
	latency := fs.Duration("latency", 0, "latency of every lab host and Windows call")
	parallelism := fs.Int("parallelism", plan.DefaultParallelism, "resources read or applied at once, per environment")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *op != opPlan && *op != opApply {
		return fmt.Errorf("measure: -op is plan or apply, not %q", *op)
	}
	dirs := fs.Args()
	runtime.GC()
	stopHeap := heapSampler()
	cpu0, start := cpuTime(), time.Now()
	results := make([]envResult, len(dirs))
	var wg sync.WaitGroup
	for i, dir := range dirs {
		wg.Go(func() { results[i] = runEnv(context.Background(), dir, *op, *latency, *parallelism) })
	}
	wg.Wait()
	wall := time.Since(start)
	rep := report{Op: *op, Envs: len(dirs), WallNS: wall.Nanoseconds(), CPUNS: (cpuTime() - cpu0).Nanoseconds(), HeapPeak: stopHeap(), MaxRSSKB: maxRSSKB()}
	for i, r := range results {
		rep.Hosts += r.hosts
		rep.Resources += r.resources
		rep.Failed += r.failed
		if r.firstErr != nil && rep.FirstErr == "" {
			rep.FirstErr = fmt.Sprintf("%s: %v", dirs[i], r.firstErr)
		}
	}
	if len(results) > 0 && results[0].rec != nil {
		rep.Reads, rep.Steps, rep.Deps = results[0].rec.reads, results[0].rec.steps, results[0].deps
	}
	return json.NewEncoder(stdout).Encode(rep)
}
