// Package resources defines the contract every resource kind implements and
// the small value types the engine, the views and the plan files share.
//
// # The contract
//
// A [Resource] is one managed thing on one host: a keystore file on ads-a, the
// spog_config.js on ece-web-b. Its life in one run is
//
//	Read  -> State          the only place that observes reality
//	Plan  -> Change         pure: no I/O, the clock comes in PlanInput.Now
//	Apply -> State          converges reality to the Change, returns what it wrote
//
// After Apply the engine calls Read and Plan again; anything but [NoOp] is a
// "did not converge" error.
//
// # Invariants
//
//   - Absent is a state (State.Exists == false), never an error from Read.
//   - Attrs hold what is shown to people and fingerprinted into plan files.
//     They never hold a secret value: a secret is shown by its reference
//     ("env:ECE_KEYSTORE_PASSWORD") or not at all.
//   - Reasons are for display only, never for apply-time decisions.
//   - Plan is deterministic: the same PlanInput gives the same Change. A saved
//     plan is applied by reading again, checking fingerprints and planning
//     again; it relies on this.
package resources
