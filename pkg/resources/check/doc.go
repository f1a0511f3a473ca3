// Package check is the resource kind "check": assertions about PCCE that
// never change anything. A failed assertion is a plan error that names
// what is wrong and how to fix it; a passed one is a NoOp whose attributes
// summarise what was verified.
//
//	Check            tech note                         verifies
//	MRDs             prerequisites                     ECE_Email, ECE_Chat and ECE_Outbound exist and are
//	                                                   associated with the application instance (exact name)
//	AppInstance      prerequisites, 4.3                the application instance exists with exactly that case
//	InventoryStatus  6 (validation)                    no inventory alert concerns an ECE machine
//
// # InventoryStatus
//
// It subscribes to the inventory_machine resources. Without triggers it
// reads /machineinventory/status and fails the plan when an ECE machine
// (types ECE, ECE_WEB_SERVER, DC_ECE_WEB_SERVER) has an alert; alerts
// about other machines are warnings. When a subscribed machine changed in
// this run (or a notification is pending from an earlier one) the plan is
// an Update: Apply reads the status again, up to Config.Polls times,
// Config.Interval apart with the injected Config.Sleep (PCCE validates
// machines asynchronously), and fails if an ECE alert remains. A clean
// status read right after the change is accepted; an alert PCCE raises
// later shows in the next plan or drift run.
//
// # Invariants
//
//   - Nothing is ever written to PCCE: Apply only reads.
//   - A failed assertion is a plan error matching resources.ErrCannotConverge
//     (a person must fix it; drift reports it as drift); a check configured
//     without what it needs is a plain error (InvalidSettings).
//   - Plan is pure; attributes hold no timings (the scan time stays out),
//     so a saved plan does not go stale by itself.
//   - Names are compared exactly: MRD and application instance names are
//     case-sensitive in PCCE; a match that differs only in case is named
//     in the error.
package check
