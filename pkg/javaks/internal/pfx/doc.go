// Package pfx reads PKCS#12 (PFX) trust stores the way Java keeps them: a
// list of certificate bags, each with its friendly name (the Java alias).
//
// It exists because software.sslmate.com/src/go-pkcs12, which javaks uses to
// write PKCS#12 files, returns the certificates of a trust store but not their
// friendly names, and an alias is what a keystore entry is managed by.
//
// # What it reads
//
//	part            supported
//	PFX             version 3, DER, password integrity (MAC) or none
//	MAC             HMAC with SHA-1/224/256/384/512 (RFC 7292 KDF), PBMAC1
//	encryption      PBES2 (PBKDF2 + AES-CBC), pbeWithSHAAnd3-KeyTripleDES-CBC,
//	                pbeWithSHAAnd128BitRC2-CBC, pbeWithSHAAnd40BitRC2-CBC
//	bags            certBag (X.509) only
//
// # Invariants
//
//   - The MAC is checked before anything is decrypted; a mismatch is
//     [ErrPassword] and nothing else is reported.
//   - Any bag that is not a certificate (a private key, a secret key, a CRL)
//     is [ErrUnsupported]: the caller refuses the file rather than dropping
//     what it cannot write back.
//   - Lengths and iteration counts come from the file and are bounded before
//     use, so hostile input costs bounded time and memory.
//   - Errors never contain the password.
package pfx
