// Package inventory is the resource kind "inventory_machine": one ECE
// machine in the Packaged CCE machine inventory, reached through the
// Unified Config REST API (package pcce).
//
// It carries out tech note step 4.2 (the ECE data/services server, type
// ECE, both of them in HA) and step 4.3 (the ECE web server, type
// ECE_WEB_SERVER, by the FQDN in its certificate, with the Partition
// Administrator login and the case-sensitive application instance).
//
// # Attributes
//
//	name           the inventory name
//	type           ECE | ECE_WEB_SERVER
//	host_name      the FQDN as PCCE keeps it
//	user           web server: the PA user
//	app_instance   web server: the application instance, as PCCE names it
//	password       web server: the secret's reference ("env:NAME"), sensitive
//
// The changeStamp is not an attribute (it moves with every PUT, which
// would make saved plans stale for nothing); it stays in State.Private.
// The fingerprint covers the attributes and the recorded password hash.
//
// # The write-only password
//
// PCCE accepts the PA password and never returns it. <StateDir>/inventory.json
// records, per address, the keyed hash (eceadmin.HashSecret, HMAC-SHA256)
// of the last password this tool sent, under the random key in
// <StateDir>/inventory.key (0600). Read resolves the spec's password and
// hashes it under that key; Plan compares the two hashes: a different hash
// plans an Update (PasswordChanged), no recorded hash for an existing
// machine plans one Update that establishes it (PasswordUnknown).
//
// # Apply
//
// Apply creates (POST) or updates (PUT, with the changeStamp read). A
// stale changeStamp (pcce.ErrConflict) and a create refused as a duplicate
// (another run added the machine meanwhile) make it read and plan again
// and retry, at most three attempts in all; it then records the password
// hash and returns the state read again. With CSVFile set (4000/12000-agent
// deployments, where machines are added by bulk upload) a create is not
// POSTed: the machine's row is written to that file (pcce/bulkcsv) and
// Apply fails with ErrBulkUploadPending, telling the operator to upload
// it and plan again; updates of machines already in the inventory are
// PUT as in API mode.
//
// # Invariants
//
//   - A machine is found by type and normalised host name before anything
//     is created: never a second entry for one machine.
//   - Plan is pure: it reads neither PCCE nor the state file.
//   - The password never appears in attributes, reasons, errors,
//     Change.Private or the state file; only the bulk CSV, which PCCE
//     imports, holds it (mode 0600).
//   - Machines are never deleted.
package inventory
