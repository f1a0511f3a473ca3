package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"slices"
	"time"
)

// calls are the latency-bearing calls of each resource's read and apply
// step, counted from two calibration runs.
type calls struct {
	reads map[string]int
	steps map[string]int
	deps  map[string][]string
}

// callsJSON is the file form of calls.
type callsJSON struct {
	Reads map[string]int      `json:"reads"`
	Steps map[string]int      `json:"steps"`
	Deps  map[string][]string `json:"deps"`
}

// readCalls reads calls counted earlier; false when path is empty or
// missing.
func readCalls(path string) (calls, bool, error) {
	if path == "" {
		return calls{}, false, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return calls{}, false, nil
	}
	if err != nil {
		return calls{}, false, err
	}
	var j callsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return calls{}, false, err
	}
	return calls{reads: j.Reads, steps: j.Steps, deps: j.Deps}, true, nil
}

// writeCalls keeps counted calls for later runs (nothing when path is
// empty).
func writeCalls(path string, c calls) error {
	if path == "" {
		return nil
	}
	b, err := json.MarshalIndent(callsJSON{Reads: c.reads, Steps: c.steps, Deps: c.deps}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// countCalls compares a run at latency 0 with one at latency cal: the
// local work is the same in both, so each step's extra time is its calls
// times cal.
func countCalls(zero, slow report, cal time.Duration) calls {
	c := calls{reads: map[string]int{}, steps: map[string]int{}, deps: slow.Deps}
	per := func(z, s map[string]int64, out map[string]int) {
		for a, d := range s {
			n := int(math.Round(float64(d-z[a]) / float64(cal)))
			out[a] = max(n, 0)
		}
	}
	per(zero.Reads, slow.Reads, c.reads)
	per(zero.Steps, slow.Steps, c.steps)
	return c
}

// chain is a critical path: how many calls in a row, and through what.
type chain struct {
	Calls int
	Path  []string
	// Bound names what limits it: "longest chain" or "parallelism".
	Bound string
}

// readChain is the critical path of Build: reads are independent, so it
// is the slowest read, unless parallelism makes the sum longer.
func readChain(c calls, parallelism int) chain {
	best, sum := chain{Bound: "longest chain"}, 0
	for _, a := range sortedKeys(c.reads) {
		n := c.reads[a]
		sum += n
		if n > best.Calls {
			best.Calls, best.Path = n, []string{a}
		}
	}
	if par := ceilDiv(sum, parallelism); par > best.Calls {
		return chain{Calls: par, Bound: "parallelism", Path: []string{"Σ reads / parallelism"}}
	}
	return best
}

// stepChain is the critical path of Apply: the longest path through the
// dependency graph, each resource weighing its apply step's calls.
func stepChain(c calls) chain {
	memo := map[string]chain{}
	var longest func(a string) chain
	longest = func(a string) chain {
		if ch, ok := memo[a]; ok {
			return ch
		}
		var up chain
		for _, d := range c.deps[a] {
			if ch := longest(d); ch.Calls > up.Calls {
				up = ch
			}
		}
		ch := chain{Calls: up.Calls + c.steps[a], Path: append(slices.Clone(up.Path), a), Bound: "longest chain"}
		memo[a] = ch
		return ch
	}
	var best chain
	for _, a := range sortedKeys(c.steps) {
		if ch := longest(a); ch.Calls > best.Calls {
			best = ch
		}
	}
	return best
}

func ceilDiv(a, b int) int {
	if b <= 0 {
		return a
	}
	return (a + b - 1) / b
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
