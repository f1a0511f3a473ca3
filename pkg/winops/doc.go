// Package winops is the contract of the Windows operations the web server
// kinds need (tech note steps 1.1 and 1.2): the LocalMachine\My certificate
// store, the IIS site bindings kept in applicationHost.config, and the
// http.sys SSL bindings. Files and services are host.Host's business.
//
// Two implementations keep the same invariants:
//
//	package              reaches
//	winops/pwsh          PowerShell, run locally (powershell.exe) or over WinRM
//	winops/labwin        a lab host's folder: a real applicationHost.config,
//	                     an http.sys binding table, PFX files by thumbprint
//
// Invariants:
//
//   - Thumbprints are uppercase hex SHA-1 of the certificate's DER, everywhere.
//   - Nothing is ever deleted: no certificate, no binding. SetSiteBinding
//     updates one binding in place (or adds it) and keeps every other binding
//     byte for byte where the backend stores them.
//   - Secrets (PFX passwords) travel in memory and through stdin or WinRM
//     payloads, never on a command line, in a file name or in an error.
//   - A missing site is ErrSiteNotFound; a missing certificate is
//     ErrCertNotFound; nothing else is an error for absence (an empty list is
//     an empty list).
package winops
