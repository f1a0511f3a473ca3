// Command fleet measures ecereconcile on a generated fleet of lab
// environments with the same per-call latency injected into every lab
// backend (issue 7, item 7b): the wall time of a plan (a fleet drift check)
// or of a full apply (a fleet rollout) against the critical path, and the
// peak memory.
//
//	go run ./bench/fleet -n 10 -op plan -latency 50ms
//	bash bench/fleet.sh          (N = 1, 10, 100; plan and apply; a Markdown table)
//
// # The fleet
//
// One lab is made with lab.Init and copied N times; each copy gets -ads
// extra PCCE ADS hosts (copies of ads-b), so that an environment has 7+ads
// hosts (default 10: N = 100 is 1,000 hosts). A child process
// (`fleet serve`) serves the N labs' PCCE simulators and directories, with
// the latency as a fault of each (latency=L, ldap-latency=L). The host and
// Windows lab backends get it through wire.Env.LabLatency in the process
// that plans. The simulated ECE admin store has no latency knob: its calls
// cost nothing here.
//
// # Modes
//
//   - in-process (default): one `fleet measure` process loads the N specs
//     and runs them concurrently, each with its own engine and
//     -parallelism (as a fleet drift job in one process would);
//   - -procs: N `fleet measure` processes of one environment each, all at
//     once (as N cron jobs would).
//
// # The critical path
//
// Reads in a plan are independent, so a plan's critical path is its
// slowest read: calls(read) × latency, or the parallelism bound
// (Σ calls / parallelism) × latency when larger. An apply adds the longest
// path of the dependency graph, weighted by the calls of each resource's
// apply step (apply, read again, plan again). The calls of each step are
// counted by an instrumented run: the step's duration is measured on one
// environment at latency 0 and at -calibrate (default 250ms), and
// calls = round((d(cal) − d(0)) / cal): the local work cancels out.
//
// # Memory
//
// Peak RSS is getrusage(RUSAGE_SELF).ru_maxrss of the measuring process
// (the sum over the processes with -procs); the Go heap peak is
// runtime/metrics /memory/classes/heap/objects:bytes sampled every 5ms
// during the run. The simulators live in the serve child and count in
// neither.
package main
