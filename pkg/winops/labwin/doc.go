// Package labwin implements winops.Ops over a lab host's folder: the same
// folder pkg/host/lab uses for that host, so a lab server's files, services
// and Windows state sit side by side.
//
// # What lives where
//
//	IIS sites          <root>/C/Windows/System32/inetsrv/config/applicationHost.config
//	                   (ConfigPath mapped by lab.ToLocal): the XML IIS writes
//	http.sys bindings  <root>/.lab/httpsys/sslcert.json, a JSON list sorted by endpoint
//	LocalMachine\My    <root>/.lab/certstore/My/<THUMBPRINT>.pfx  certificate + key
//	                   <root>/.lab/certstore/My/<THUMBPRINT>.cer  certificate only (DER)
//	                   <root>/.lab/certstore/My/<THUMBPRINT>.json {"friendlyName": ...}
//	pending requests   <root>/.lab/certstore/REQUEST/<id>.key     PEM PKCS #8, mode 0600
//	                   <root>/.lab/certstore/REQUEST/<id>.csr     PEM CERTIFICATE REQUEST
//	                   <root>/.lab/certstore/REQUEST/<id>.json    the friendly name to give it
//
// The stored .pfx files have an empty password (go-pkcs12 Modern2023, which
// keytool -list -storetype PKCS12 -storepass "" also reads; the Passwordless
// encoder's unencrypted key bag is invisible to Java). A request's id is the
// first 16 hex digits of the SHA-256 of its public key.
//
// # applicationHost.config
//
// Site parses the file with encoding/xml; a site is
// configuration/system.applicationHost/sites/site, its name compared
// case-insensitively as IIS does. SetSiteBinding edits the bytes
// surgically: it replaces the one <binding .../> element, or inserts one
// line before </bindings> indented like its siblings, so comments, other
// sites, CRLF line endings and a BOM stay byte for byte. It writes
// attributes as IIS does (protocol, bindingInformation, then sslFlags only
// when non-zero), parses the result again as a self-check, backs the file
// up (host.BackupName from the injected clock) and replaces it atomically.
// An edit that changes no byte writes nothing.
//
// # Certificates
//
// ImportPFX keeps the leaf and its key only: CA certificates a PFX carries
// belong to the Intermediate and Root stores, which the lab does not model,
// and are ignored. A wrong password is an error and nothing is written.
// SetSSLBinding refuses, as netsh does, a certificate that is not in My or
// has no private key.
//
// # Invariants
//
//   - Those of package winops: uppercase SHA-1 thumbprints, nothing deleted
//     (a .cer gives way to the .pfx of the same certificate when its key is
//     imported; a completed request's files go, its key now being in My),
//     ErrSiteNotFound and ErrCertNotFound for absence, an empty list for an
//     empty store or table.
//   - Every write is atomic (internal/atomicfile); one Ops serialises its
//     own calls, two Ops on one folder do not coordinate.
//   - Passwords are used in memory only: never in a file, a file name or an
//     error.
//
// # Randomness and time
//
// WithRand is handed to RSA key generation and to the PFX encoder (salts
// and IVs). go-pkcs12 always uses it; since Go 1.26 crypto/rsa ignores a
// caller's reader unless GODEBUG=cryptocustomrand=1, so tests that need
// the same key twice use testing/cryptotest.SetGlobalRandom. WithClock names backups; WithLatency
// makes every call wait first, honouring its context, for benchmarks.
package labwin
