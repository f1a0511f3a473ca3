// Package ece holds the three resource kinds of the ECE administration
// console, all reached through an [eceadmin.Backend]:
//
//	kind                   tech note                      one resource per
//	ece_partition_sso      2.2 Partition Administrator    ECE installation
//	                       SSO (LDAP to a Global Catalog)
//	ece_trace_level        troubleshooting: maximum       ECE process (EAAS, EAMS,
//	                       trace level                    dx, rx)
//	ece_ucce_integration   5 AWDB details, application    ECE installation
//	                       instance, agent PGs
//
// # Two ways of knowing
//
// With the lab backend the stored values are read and compared field by
// field (secrets by keyed hash). With the manual backend nothing can be
// read: a resource is in sync only when the last attestation recorded for
// it has the keyed hash of the values the spec wants now (and, for the
// partition SSO, the injected LDAP verification passes). Such a state
// carries the warning "unknown since <attestation>": never a fake "in
// sync".
//
// # Invariants
//
//   - Plan is pure: Read gathers the observed values, the keyed hashes of
//     the desired secrets and values, and the verification outcome; Plan
//     decides from them and the injected clock (PlanInput.Now) only.
//   - Secrets never reach attributes, errors, reasons or Change.Private: an
//     attribute shows the reference (Value{S: "env:NAME", Sensitive: true});
//     Apply resolves the secret again and hands it to the backend only.
//   - The Unified CCE integration is irreversible: its Create carries
//     Change.Irreversible, and once saved any difference is a plan error
//     (NotConvergeable), never an Update.
//   - Attributes hold no timings (the verification's duration goes in a
//     reason), so that a saved plan does not go stale by itself.
package ece
