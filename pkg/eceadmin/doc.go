// Package eceadmin reaches the ECE administration settings that have no
// public API: the Partition Administrator SSO configuration (tech note step
// 2.2), the trace levels of the ECE processes (troubleshooting) and the
// Unified CCE integration (step 5).
//
// One interface, [Backend], two implementations:
//
//	backend  Read                                  Apply
//	manual   Known=false; the last attestations    hands the operator task to Confirm
//	         recorded in <StateDir>/attestations.json (the CLI shows it with RenderTask and
//	                                               asks), then records who confirmed it
//	lab      Known=true; the values of a simulated stores the values in
//	         store <dir>/.lab/ece/admin.json        <dir>/.lab/ece/admin.json
//
// A [Task] is what an operator would do in the console: a console path, a
// list of labelled fields (the labels the console shows), notes. The labels
// are the keys of [Settings].
//
// # Invariants
//
//   - A secret value never reaches a file, an error, a [Field] or an
//     attestation. Fields carry the secret's reference ("env:NAME");
//     Task.Secrets carries the resolved values for the lab backend only (its
//     String, GoString and JSON forms are redacted), and the manual backend
//     strips them before calling Confirm. What is stored instead is a keyed
//     hash: HMAC-SHA256 under a random key kept next to the state
//     (<StateDir>/ece-admin.key, <dir>/.lab/ece/hash.key, mode 0600), so
//     that a stored hash cannot be tested against guessed passwords without
//     that key.
//   - Task.ValuesHash is the keyed hash of every value of the task, secrets
//     included ([Seal]); an attestation records it, so a password rotation
//     is a change even though no file holds the password.
//   - The Unified CCE integration is permanent, as in ECE: once saved (lab)
//     or attested (manual), Apply of that section fails with [ErrPermanent].
//   - Files are replaced atomically (internal/atomicfile); the backends are
//     safe for concurrent use within one process.
//   - The package never prints; the clock and the randomness are injected.
package eceadmin
