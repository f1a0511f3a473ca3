// Package keystore is the resource kind "keystore": trusted-certificate
// entries in one Java keystore file (JKS or PKCS12) on one host.
//
// It carries out tech note step 2.1 (the Active Directory LDAPS certificate
// in a keystore on every ECE application server, created if missing) and
// step 4.1 (the ECE web certificate, or its CA root and intermediates, in
// the cacerts of every PCCE AW/ADS).
//
// # Attributes
//
//	name                  value
//	path                  the keystore's path on the host
//	type                  jks | pkcs12
//	password              the secret's reference ("env:NAME"), sensitive
//	entry[<alias>]        "SHA256 <fingerprint>" for every managed alias present
//	                      ("private key entry, SHA256 ..." if it holds a key)
//	unmanaged entries     how many entries the spec does not manage
//
// Aliases are shown in lower case, as keytool prints them. The state's
// fingerprint is "sha256:" and the hex SHA-256 of the file's bytes.
//
// # Invariants
//
//   - Certificates are compared by SHA-256 fingerprint, not by alias. A
//     wanted certificate already trusted under another alias satisfies the
//     entry (keytool would refuse to import it twice); it is reported.
//   - Entries the spec does not manage are never touched; a private key
//     entry under a managed alias is a plan error, never replaced.
//   - A wrong password or a corrupt file is a Read error; such a file is
//     never rewritten and no backup is made.
//   - Apply refuses a file whose bytes changed since Read, backs an existing
//     file up (host.Backup) before replacing it, decodes what it is about to
//     write as a self-check, and replaces the file atomically.
//   - The password is resolved when needed and never kept in attributes,
//     errors, change data or file names.
package keystore
