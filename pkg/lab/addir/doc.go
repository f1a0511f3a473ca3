// Package addir is an in-process LDAP directory that behaves like Active
// Directory where ECE's Partition Administrator SSO (tech note step 2.2)
// can go wrong. Tests and `ecereconcile demo` verify against it with
// pkg/ldapverify.
//
// # Ports
//
// [Start] listens on 127.0.0.1, on free ports, like a domain controller
// that is also a Global Catalog:
//
//	role                    like   URL method         TLS
//	Global Catalog          3269   GCURL              LDAPS
//	domain controller       636    DomainURL          LDAPS
//	Global Catalog          3268   GCClearURL         cleartext (Options.Cleartext)
//	domain controller       389    DomainClearURL     cleartext (Options.Cleartext)
//
// [Directory.DialContext] sends any host's well-known port (3269, 636,
// 3268, 389) to the matching lab port, so a verification can use the URL a
// real spec holds (ldaps://gc.example.com:3269). The server certificate is
// issued by the directory's own CA ([Directory.CACert]) for localhost,
// 127.0.0.1, ::1 and Options.Hostname (or exactly Options.CertHosts).
//
// # Behaviour (as Active Directory)
//
//   - Simple bind by DN, by userPrincipalName or as DOMAIN\sAMAccountName.
//     A wrong password or an unknown name is LDAP 49 with AD's diagnostic
//     "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext
//     error, data 52e, v4563"; a user with a Fault ("533" disabled, "775"
//     locked out, ...) gets that sub-code with the right password.
//   - Anonymous searches are refused with operationsError ("000004DC ... a
//     successful bind must be completed"), except the root DSE.
//   - Global Catalog ports answer subtree searches from the root (empty
//     base) across every domain of the forest.
//   - The domain ports hold only the forest root domain: an empty base, or
//     a base outside the domain, is a referral (LDAP 10, "0000202B:
//     RefErr"); a search from the domain's root also returns continuation
//     references (searchResultReference) to the child domains,
//     DomainDnsZones, ForestDnsZones and Configuration, the cause of ECE's
//     PartialResultException.
//   - With Options.RequireSigning, a simple bind with a password on a
//     cleartext connection (before StartTLS) is refused with
//     strongAuthRequired, as with LDAP signing enforced (ADV190023).
//
// # Structure
//
// gldap serves the directory on private loopback ports with a custom mux
// (bind, search, root DSE). In front of it, one listener per public port
// terminates TLS, handles StartTLS and the signing rule, and turns the
// handlers' marked entries into real searchResultReference messages, which
// gldap cannot send.
//
// # Invariants
//
//   - Passwords are compared, never returned, logged or put in errors.
//   - Stop closes every listener and connection; after Stop the ports
//     refuse connections: a directory that is down is a stopped one.
//   - The package never prints: gldap's logger is silenced.
package addir
