// Package ldapverify checks, for real, that ECE's Partition Administrator
// SSO settings (tech note step 2.2) reach Active Directory: it connects the
// way ECE does, trusting only the certificates of the step 2.1 keystore,
// binds as the search account and looks a user up by the DN attribute.
//
// [Verify] runs four steps, each timed with the injected clock and each
// bounded by Config.Timeout:
//
//	step    what                                          typical failure codes
//	dial    TCP connection to the URL's host and port     Unreachable, Timeout
//	tls     TLS (ldaps://, or StartTLS on ldap://)         TLSUnknownAuthority, TLSHostnameMismatch,
//	        verified against Config.RootCAs only            TLSCertificateInvalid, Timeout
//	bind    simple bind as the search account              BadCredentials, StrongAuthRequired
//	search  (DNAttribute=TestUser), subtree, from BaseDN  Referral, UserNotFound, NoSuchObject, BindRequired
//
// A failure is a [FailureCode] with a sentence of remedy; Active
// Directory's "data 52e"-style sub-codes of LDAP result 49 are decoded into
// words ([ADDataText]).
//
// [Analyze] is the static half: it needs no network and judges the settings
// themselves (a DN attribute other than userPrincipalName, a domain
// controller port instead of a Global Catalog, TLS switched off, a scheme
// that does not match the port).
//
// # Invariants
//
//   - Verify never panics and never returns without a Report; a failed step
//     is in the Report (Code, Detail, Err), not only an error.
//   - Only Config.RootCAs are trusted, never the system roots: a keystore
//     that lacks the AD certificate or its chain fails here exactly as it
//     would fail inside ECE.
//   - The password never appears in a Report, a Step's Detail or an error,
//     even when a server echoes it back.
//   - A continuation reference or a referral is a failure even when the user
//     was found: ECE's Java (JNDI) client stops on them with
//     javax.naming.PartialResultException, the tech note's symptom.
//   - The package never prints or logs.
package ldapverify
