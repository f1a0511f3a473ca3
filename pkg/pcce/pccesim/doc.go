// Package pccesim is an HTTPS simulator of the Packaged CCE Unified
// Config API, faithful to the payloads package pcce documents: the machine
// inventory, its status alerts, media routing domains and application
// instances. Tests and the lab (`ecereconcile lab serve`, `demo`) run the
// pcce client against it.
//
// # Serving
//
// New prepares the state and a CA of the simulator's own with a server
// certificate for 127.0.0.1, ::1 and localhost (plus Options.DNSNames);
// Start listens (default 127.0.0.1:0) and serves TLS only, HTTP/1.1, Basic
// authentication with Options.User/Password (401 otherwise). URL is the
// base URL, CAPEM the CA to trust, Close stops (hung requests end).
//
// # State
//
// A fresh state is a 2000-agent PCCE: application instance "MultiChannel"
// (Options.ApplicationInstance), MRDs Cisco_Voice (voice) and ECE_Email,
// ECE_Chat, ECE_Outbound (legacyMultichannel, associated with that
// instance; Options.WithoutMRDs leaves some out, Options.MRDInstances
// associates some with one of Options.MoreApplicationInstances), eight
// core machines
// (CCE_AW, CCE_ROGGER, CCE_PG, CVP, FINESSE, CUIC_PUBLISHER), and
// Options.Machines (GenerateMachines makes many). With Options.StateFile
// the state is read from that JSON file when it exists and written after
// every change (temporary file, fsync, rename); seeding options then do
// not apply. Snapshot and Machines show the state to tests.
//
// # Behaviour
//
//   - POST creates (201, absolute Location) machines of the creatable
//     types (ECE, ECE_WEB_SERVER, DC_ECE_WEB_SERVER, EXTERNAL_*); the
//     developer reference's per-type table refuses the rest, and type ECE
//     too with Options.StrictECEType.
//   - hostName becomes the FQDN: lower case, no trailing dot, a short name
//     completed with Options.Domain; the public network's address becomes
//     the (fake, stable) IP the simulated DNS gives it.
//   - A machine of the same type and host name, or the same name
//     (case-insensitive), is a duplicate. Names: 1-128 characters of
//     [A-Za-z0-9._-], starting alphanumeric.
//   - An ECE web server needs the PA user and (on create) password in its
//     ADMINISTRATION service and an application instance in its
//     MACHINE_INFO service, found by refURL or exact, case-sensitive name.
//     The password is checked against Options.PAPassword and dropped: only
//     whether it was accepted is kept, and it is never returned.
//   - changeStamp starts at 0 and grows by one with each PUT; a PUT
//     without it is a 400, with a stale one a 409
//     invalidInput.changeStampMismatch. PUT changes only the elements it
//     carries; networks, when carried, are replaced whole.
//   - Lists page (startIndex from 0, resultsPerPage 1-100, default 25;
//     over 100 is a 400 invalidInput.outOfRange rather than clamped: the
//     documentation gives the maximum, not what happens above it; past the
//     end, the last full page) sorted by name; the machine list searches
//     with q: "types:(A|B)", "serviceType:T", "ipaddress:x" and plain
//     words, all of which must match.
//   - Voice and legacyMultichannel MRDs answer PUT and DELETE with a 400
//     invalidInput.readOnly.
//   - /machineinventory/status has an inventory.InvalidCredentials alert
//     for each ECE web server whose PA password was not accepted, and an
//     inventory.HostNotResolvable alert for each ECE machine whose host is
//     not in Options.ResolvableHosts (nil: every host resolves).
//
// # Faults and counters
//
// Settable while serving, safe for concurrent use: SetLatency,
// SetFailRate (503 before processing, drawn from Options.Rand),
// FailNext, ConflictNext (next PUTs answer 409), DropNext (close the
// connection before or after processing), SetHang (no answer until the
// client gives up), ResetFaults. Stats counts requests per method and
// path, unauthorised requests, injected faults, failed TLS handshakes,
// and cleartext connections (refused by the TLS layer; CleartextServed
// stays 0).
package pccesim
