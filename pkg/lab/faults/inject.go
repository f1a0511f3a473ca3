package faults

import (
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// hangPoll is how often the injector looks whether enough requests hung.
const hangPoll = 2 * time.Millisecond

// Source is the randomness of the PCCE simulator's fail draws
// (pccesim.Options.Rand = rand.New(source)), re-seeded by each Apply. Safe
// for concurrent use.
type Source struct {
	mu  sync.Mutex
	pcg *rand.PCG
}

// NewSource starts with pccesim's default seed.
func NewSource() *Source { return &Source{pcg: rand.NewPCG(1, 2)} }

// Uint64 implements rand.Source.
func (s *Source) Uint64() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pcg.Uint64()
}

// Seed restarts the draws: seed 0 is pccesim's default.
func (s *Source) Seed(seed uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seed == 0 {
		s.pcg.Seed(1, 2)
		return
	}
	s.pcg.Seed(seed, seed^0x9e3779b97f4a7c15)
}

// Injector applies fault sets to a served lab. Safe for concurrent use.
type Injector struct {
	sim  *pccesim.Server
	src  *Source
	gate *Gate

	mu       sync.Mutex
	cur      Set
	stopHang chan struct{} // closes the running hang watcher
	hanging  bool
	wg       sync.WaitGroup
}

// NewInjector acts on sim (its Options.Rand drawn from src) and gate;
// either may be nil, and a fault for a missing one is refused.
func NewInjector(sim *pccesim.Server, src *Source, gate *Gate) *Injector {
	return &Injector{sim: sim, src: src, gate: gate}
}

// Apply replaces the current faults by s whole: counters re-armed, the
// fail draws re-seeded, the directory taken down or up.
func (in *Injector) Apply(s Set) error {
	if in.sim == nil && !s.PCCE.Zero() {
		return errors.New("no PCCE simulator to inject faults into")
	}
	if in.gate == nil && (s.LDAPDown || s.LDAPLatency > 0) {
		return errors.New("no directory gate to take down or slow down")
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	in.endHang()
	if in.gate != nil {
		if err := in.gate.SetDown(s.LDAPDown); err != nil {
			return err
		}
		in.gate.SetDelay(s.LDAPLatency)
	}
	if in.sim != nil {
		in.applyPCCE(s.PCCE)
	}
	in.cur = s
	return nil
}

// applyPCCE sets the simulator's knobs; in.mu is held.
func (in *Injector) applyPCCE(p PCCE) {
	sim := in.sim
	sim.ResetFaults()
	if in.src != nil {
		in.src.Seed(p.Seed)
	}
	sim.SetLatency(p.Latency)
	sim.SetFailRate(p.FailRate)
	if p.FailNext > 0 {
		sim.FailNext(p.FailNext, p.status())
	}
	sim.ConflictNext(p.Conflicts)
	for _, d := range p.Drops {
		sim.DropNext(d.Method, d.Count, d.When)
	}
	if p.Hang > 0 {
		in.startHang(p.Hang)
	}
}

// startHang switches the simulator's hang on until n more requests hung;
// in.mu is held.
func (in *Injector) startHang(n int) {
	stop := make(chan struct{})
	in.stopHang, in.hanging = stop, true
	want := in.sim.Stats().Hung + n
	in.sim.SetHang(true)
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		t := time.NewTicker(hangPoll)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			if in.sim.Stats().Hung >= want {
				in.mu.Lock()
				if in.stopHang == stop {
					in.sim.SetHang(false)
					in.hanging = false
				}
				in.mu.Unlock()
				return
			}
		}
	}()
}

// endHang stops a running hang watcher and switches the hang off; in.mu is
// held.
func (in *Injector) endHang() {
	if in.stopHang != nil {
		close(in.stopHang)
		in.stopHang = nil
	}
	if in.hanging {
		in.sim.SetHang(false)
		in.hanging = false
	}
}

// Hanging reports whether requests still hang (hang=N not yet reached).
func (in *Injector) Hanging() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.hanging
}

// Current is the set last applied.
func (in *Injector) Current() Set {
	in.mu.Lock()
	defer in.mu.Unlock()
	s := in.cur
	s.PCCE.Drops = slices.Clone(s.PCCE.Drops)
	return s
}

// Close stops the hang watcher. It leaves the simulator and the gate as
// they are (their owner closes them).
func (in *Injector) Close() {
	in.mu.Lock()
	if in.stopHang != nil {
		close(in.stopHang)
		in.stopHang = nil
	}
	in.mu.Unlock()
	in.wg.Wait()
}
