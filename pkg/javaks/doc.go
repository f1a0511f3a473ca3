// Package javaks reads, edits and writes Java keystores (JKS and PKCS12) the
// way keytool does, for trusted-certificate entries. It knows nothing about
// ECE or PCCE.
//
// # Formats
//
//	type    read                                   write
//	JKS     keystore-go v4, after a bounds and     keystore-go v4 (JDK 8 cacerts style)
//	        integrity check of our own
//	PKCS12  internal/pfx (keeps friendly names)    go-pkcs12, Modern2023 (default) or LegacyDES;
//	                                               never Modern2026: JDK 17 cannot read it
//	JCEKS   refused (ErrUnsupported)               -
//
// # Invariants
//
//   - Decode sniffs the format before anything else and refuses a file that
//     is not the type asked for ([ErrFormatMismatch]); it never guesses.
//   - Every error of Decode wraps exactly one of [ErrWrongPassword],
//     [ErrCorrupt], [ErrFormatMismatch], [ErrUnsupported]. Hostile or
//     truncated input is an error, never a panic or a huge allocation.
//   - A [Store] keeps every entry of the file, private key entries of a JKS
//     included, with its bytes and creation date; editing one alias never
//     changes another. A PKCS12 store holding anything but trusted
//     certificates is refused instead of being partly kept.
//   - Aliases are case-insensitive, as in Java: they are looked up and
//     reported in lower case (as keytool -list prints them). A JKS is written
//     with lower-case aliases, as keytool does; a PKCS12 keeps the case
//     given, in its friendly name, as keytool does.
//   - A PKCS12 entry is written back as its certificate bytes and alias
//     (friendly name) with Java's "trusted for any purpose" attribute; other
//     bag attributes are not kept. Store.PKCS12Encoder tells which encoder
//     keeps a decoded file readable by the JDK that wrote it.
//   - Fingerprints are SHA-256 of the certificate's DER, in uppercase hex
//     pairs joined by colons, as keytool -list -v prints them.
//   - Passwords never appear in errors.
package javaks
