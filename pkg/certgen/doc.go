// Package certgen holds the pure certificate helpers of the web certificate
// kind (tech note step 1.1): making a self-signed server certificate,
// wrapping a certificate and its key in a PFX, and describing a certificate
// the way the plans show it.
//
// # Invariants
//
//   - No I/O and no hidden clock: the time and the random source are
//     parameters. (Since Go 1.26 crypto/rsa ignores a custom random source
//     when generating keys; serial numbers and passwords do come from the
//     given reader, so they are reproducible in tests.)
//   - Keys are RSA of at least [MinKeySize] bits, as the tech note asks.
//   - Thumbprints are uppercase hex SHA-1 of the DER, as Windows shows them;
//     SHA-256 fingerprints are lowercase hex without colons.
//   - Passwords made by [RandomPassword] protect PFX files in transit only;
//     they are never stored, logged or put in an error.
package certgen
