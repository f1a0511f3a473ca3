// Package faults injects failures into a served lab (`ecereconcile lab
// serve`): the PCCE simulator's faults (latency, 5xx, conflicts, dropped
// answers, hung requests) and the Active Directory going down. Trials and
// the end-to-end fault tests use it to show that an apply ends converged
// or with a clear error, never with a duplicate inventory entry.
//
// # Syntax
//
// A fault set is a list of key=value items separated by commas, spaces or
// new lines; "#" starts a comment to the end of the line:
//
//	latency=50ms        every PCCE answer is delayed (Go duration, at most 1m)
//	fail=0.2            a share (0..1) of PCCE requests answered 503 before processing
//	seed=7              seeds the draws of fail (reproducible from the moment the set is applied)
//	fail-next=3         the next 3 PCCE requests are answered with status
//	status=500          the status of fail-next (429 or 500-599, default 503)
//	conflict=2          the next 2 PUTs answer 409 changeStamp mismatch
//	drop=POST:1         the next POST is processed, then its connection closed without an answer
//	drop-before=2       the next 2 requests (any method) are dropped before processing
//	hang=1              the next request gets no answer until the client gives up
//	ldap=down           the Active Directory refuses connections (ldap=up: it answers)
//	ldap-latency=50ms   each new connection to the Active Directory is delayed
//
// `lab serve --pcce-faults` takes the PCCE keys ([ParsePCCE]); the control
// file DIR/faults of a served lab takes all of them ([Parse]), the ldap
// keys too. [Set.String]
// writes the canonical form, "none" for no fault.
//
// # Applying
//
// [Injector] applies a [Set] to a pccesim.Server and a [Gate]: every Set
// replaces the previous one whole (counters re-armed, the fail draws
// re-seeded). [Gate] is a TCP pass-through in front of the directory,
// on a port that stays the same while it goes down and up, so the spec
// written by lab serve stays valid.
//
// # Invariants
//
//   - Parsing is pure and refuses unknown keys, repeated keys (except the
//     drop keys, one per method) and values out of range, naming the item.
//   - hang=N is "at least N": pccesim hangs every request while its hang
//     switch is on, and the injector turns it off once N requests hung;
//     requests arriving in the same instant may hang too.
//   - The package never prints.
package faults
