package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "serve":
		err = serveLabs(os.Args[2:], os.Stdin, os.Stdout)
	case len(os.Args) > 1 && os.Args[1] == "measure":
		err = measure(os.Args[2:], os.Stdout)
	default:
		err = orchestrate(os.Args[1:], os.Stdout)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "fleet: %v\n", err)
		os.Exit(1)
	}
}

func newCmd(self string, args ...string) *exec.Cmd {
	cmd := exec.Command(self, args...)
	cmd.Stderr = os.Stderr
	return cmd
}

// config are the orchestrator's flags.
type config struct {
	n           int
	op          string
	latency     time.Duration
	calibrate   time.Duration
	extraADS    int
	parallelism int
	procs       bool
	work        string
	markdown    bool
	showCalls   bool
	callsFile   string
	cpuProfile  string
}

func orchestrate(args []string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("fleet", flag.ContinueOnError)
	fs.IntVar(&c.n, "n", 10, "environments in the fleet")
	fs.StringVar(&c.op, "op", opPlan, "plan (a fleet drift check) or apply (a fleet rollout on fresh labs)")
	fs.DurationVar(&c.latency, "latency", 50*time.Millisecond, "latency of every lab backend call (hosts, Windows, PCCE requests, directory connections)")
	fs.DurationVar(&c.calibrate, "calibrate", time.Second, "latency of the run that counts each resource's calls (local work up to half of it is told apart)")
	fs.StringVar(&c.callsFile, "calls-file", "", "reuse the calls counted into this file (JSON) by an earlier run with the same -op and -ads; count and write them when it is missing")
	fs.IntVar(&c.extraADS, "ads", 3, "ADS hosts added to the lab's 7 hosts in each environment")
	fs.IntVar(&c.parallelism, "parallelism", 10, "resources read or applied at once, per environment (the CLI's default)")
	fs.BoolVar(&c.procs, "procs", false, "one process per environment instead of one process for the fleet")
	fs.StringVar(&c.work, "work", "", "folder for the fleet (default: a temporary one, removed)")
	fs.BoolVar(&c.markdown, "md", false, "print one Markdown table row")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured run (in one process) to this file")
	fs.BoolVar(&c.showCalls, "calls", false, "also print the calls counted for each resource's read and apply step")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.n < 1 || (c.op != opPlan && c.op != opApply) || c.latency < 0 || c.calibrate <= 0 || c.extraADS < 0 || c.parallelism < 1 {
		return fmt.Errorf("want -n ≥ 1, -op plan|apply, -latency ≥ 0, -calibrate > 0, -ads ≥ 0, -parallelism ≥ 1")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if c.work == "" {
		if c.work, err = os.MkdirTemp("", "ecereconcile-fleet-"); err != nil {
			return err
		}
		defer os.RemoveAll(c.work)
	}
	envs, cal0, calSlow, err := makeFleet(c)
	if err != nil {
		return err
	}
	counted, cached, err := readCalls(c.callsFile)
	if err != nil {
		return err
	}
	labs := map[string]time.Duration{}
	if !cached {
		labs[cal0], labs[calSlow] = 0, c.calibrate
	}
	for _, e := range envs {
		labs[e] = c.latency
	}
	stop, err := served(self, labs)
	if err != nil {
		return err
	}
	defer func() { _ = stop() }()

	if !cached {
		zero, err := calibrated(self, c, 0, cal0)
		if err != nil {
			return err
		}
		slow, err := calibrated(self, c, c.calibrate, calSlow)
		if err != nil {
			return err
		}
		counted = countCalls(zero, slow, c.calibrate)
		if err := writeCalls(c.callsFile, counted); err != nil {
			return err
		}
	}
	rep, wall, err := measureFleet(self, c, envs)
	if err != nil {
		return err
	}
	if err := printResult(stdout, c, rep, wall, counted); err != nil {
		return err
	}
	if c.showCalls {
		return printCalls(stdout, counted)
	}
	return nil
}

// printCalls lists the counted calls of each resource.
func printCalls(w io.Writer, c calls) error {
	for _, a := range sortedKeys(c.reads) {
		if _, err := fmt.Fprintf(w, "  %-50s read %d  apply step %d\n", a, c.reads[a], c.steps[a]); err != nil {
			return err
		}
	}
	return nil
}

// makeFleet makes the template, the N environments and the two
// calibration environments.
func makeFleet(c config) (envs []string, cal0, calSlow string, err error) {
	template := filepath.Join(c.work, "template")
	if err := makeTemplate(template, c.extraADS); err != nil {
		return nil, "", "", err
	}
	for i := range c.n {
		name := fmt.Sprintf("env-%03d", i)
		dir := filepath.Join(c.work, name)
		if err := copyEnv(template, dir, name); err != nil {
			return nil, "", "", err
		}
		envs = append(envs, dir)
	}
	cal0, calSlow = filepath.Join(c.work, "calibrate-zero"), filepath.Join(c.work, "calibrate-slow")
	for _, d := range []string{cal0, calSlow} {
		if err := copyEnv(template, d, filepath.Base(d)); err != nil {
			return nil, "", "", err
		}
	}
	return envs, cal0, calSlow, nil
}

// runMeasure runs `fleet measure` on dirs and reads its report.
func runMeasure(self string, c config, latency time.Duration, dirs ...string) (report, error) {
	args := append([]string{"measure", "-op", c.op, "-latency", latency.String(), "-parallelism", fmt.Sprint(c.parallelism)}, dirs...)
	cmd := newCmd(self, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return report{}, fmt.Errorf("measure: %w", err)
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		return report{}, fmt.Errorf("measure: %w: %s", err, out.String())
	}
	return rep, nil
}

// calibrated runs a calibration measurement, which must not fail.
func calibrated(self string, c config, latency time.Duration, dir string) (report, error) {
	rep, err := runMeasure(self, c, latency, dir)
	if err == nil && rep.Failed > 0 {
		err = fmt.Errorf("calibration at latency %s: %d resource(s) failed; first: %s", latency, rep.Failed, rep.FirstErr)
	}
	return rep, err
}

// measureFleet runs the measured op on every environment: in one process,
// or one process each. The wall time is the orchestrator's, process starts
// included.
func measureFleet(self string, c config, envs []string) (report, time.Duration, error) {
	start := time.Now()
	if !c.procs {
		dirs := envs
		if c.cpuProfile != "" {
			dirs = append([]string{"-cpuprofile", c.cpuProfile}, envs...)
		}
		rep, err := runMeasure(self, c, c.latency, dirs...)
		return rep, time.Since(start), err
	}
	reps := make([]report, len(envs))
	errs := make([]error, len(envs))
	var wg sync.WaitGroup
	for i, e := range envs {
		wg.Go(func() { reps[i], errs[i] = runMeasure(self, c, c.latency, e) })
	}
	wg.Wait()
	wall := time.Since(start)
	total := report{Op: c.op}
	for i, r := range reps {
		if errs[i] != nil {
			return report{}, wall, errs[i]
		}
		total.Envs += r.Envs
		total.Hosts += r.Hosts
		total.Resources += r.Resources
		total.MaxRSSKB += r.MaxRSSKB
		total.HeapPeak += r.HeapPeak
		total.CPUNS += r.CPUNS
		total.Failed += r.Failed
		if total.FirstErr == "" {
			total.FirstErr = r.FirstErr
		}
	}
	return total, wall, nil
}

// printResult prints the figures: a text block, or one Markdown row
// (| N | hosts | resources | op | mode | wall | critical path | wall/critical | CPU | peak RSS | Go heap peak | failed |).
func printResult(w io.Writer, c config, rep report, wall time.Duration, counted calls) error {
	reads := readChain(counted, c.parallelism)
	cp := reads
	if c.op == opApply {
		steps := stepChain(counted)
		cp = chain{Calls: reads.Calls + steps.Calls, Path: append(slices.Clone(reads.Path), steps.Path...), Bound: reads.Bound + " + longest apply chain"}
	}
	critical := time.Duration(cp.Calls) * c.latency
	ratio := float64(wall) / float64(max(critical, 1))
	mode := "one process"
	if c.procs {
		mode = "one per env"
	}
	mem := "peak RSS:     "
	if c.procs {
		mem = "Σ peak RSS:   "
	}
	failed := "0"
	if rep.Failed > 0 {
		failed = fmt.Sprintf("%d: %s", rep.Failed, rep.FirstErr)
	}
	if c.markdown {
		_, err := fmt.Fprintf(w, "| %d | %d | %d | %s | %s | %s | %d × %s = %s | %.2f | %s | %.0f MiB | %.0f MiB | %s |\n",
			c.n, rep.Hosts, rep.Resources, c.op, mode, wall.Round(time.Millisecond), cp.Calls, c.latency, critical, ratio,
			time.Duration(rep.CPUNS).Round(10*time.Millisecond), float64(rep.MaxRSSKB)/1024, float64(rep.HeapPeak)/(1<<20), failed)
		return err
	}
	_, err := fmt.Fprintf(w, `fleet: %d environment(s), %d hosts, %d resources; %s in %s; latency %s per call; parallelism %d per environment
wall time:     %s
critical path: %d calls × %s = %s (%s: %s)
wall/critical: %.2f
CPU (planner): %s (user + system, in the measured run)
%s %.1f MiB
Go heap peak:  %.1f MiB
failed:        %s
`, c.n, rep.Hosts, rep.Resources, c.op, mode, c.latency, c.parallelism,
		wall.Round(time.Millisecond), cp.Calls, c.latency, critical, cp.Bound, strings.Join(cp.Path, " → "), ratio,
		time.Duration(rep.CPUNS).Round(time.Millisecond), mem, float64(rep.MaxRSSKB)/1024, float64(rep.HeapPeak)/(1<<20), failed)
	return err
}
