// Package certificate is the resource kind "certificate": the ECE web
// server's certificate in LocalMachine\My (tech note step 1.1), on one web
// server, through winops.Ops.
//
// # Sources
//
//	self-signed  ecereconcile makes the certificate (package certgen) and
//	             imports it; it re-issues one that fails a check or no
//	             longer carries the spec's names.
//	pfx          the user's PFX is imported on every server; a PFX whose
//	             certificate does not name the FQDN, is too small or has
//	             expired is a plan error.
//	csr          a key pair and a request are made on the server and the CSR
//	             is written to <csr.dir>/<host>.csr.pem; once
//	             csr.signedCertificate names the CA's answer, the request is
//	             completed. Waiting for the CA is not drift.
//	copy         Inst.Issuer set (shared mode, every web server but the
//	             first, source self-signed or csr): the issuer's certificate
//	             and key are exported there and imported here, so every web
//	             server serves the same certificate (SSL pass-through).
//
// # Which certificate is ours
//
// The PFX's leaf (pfx) or the signed certificate (csr) when the store holds
// it; else the newest (latest NotAfter) with the friendly name; else the
// newest whose CN or DNS SANs name the FQDN. A certificate ecereconcile
// makes always carries its CN among the DNS SANs, as the tech note asks.
//
// # Attributes
//
//	thumbprint, sha256, subject, dns_names, key_algorithm, key_size,
//	not_after, has_private_key, friendly_name   of our certificate
//	source, copied_from, csr_file, pending_request
//	der   base64 DER, Internal: the ADS truststore imports it
//
// Values known only after apply (the thumbprint of a certificate about to
// be made or copied) are Unknown in the plan. The state's fingerprint covers
// the candidate certificates (thumbprint, private key, friendly name),
// pending requests and the source files, so a re-issue between plan and
// apply makes a saved plan stale.
//
// # Invariants
//
//   - Nothing is ever deleted from the store: a replaced certificate stays,
//     and Read says so in a warning.
//   - Plan is pure; the clock is PlanInput.Now.
//   - The PFX password is resolved when needed and never kept in
//     attributes, errors, change data or file names; transient PFX
//     passwords (self-signed import, copies) come from Config.Rand and
//     live in memory only.
//   - Read never reaches the issuer server; the issuer's certificate comes
//     from Upstream.
package certificate
