// Package slapdtest starts a real OpenLDAP slapd for tests: the CI's stand-in
// for Active Directory, so that pkg/ldapverify is exercised against a
// directory it did not write itself.
//
// [Start] writes, in a temporary folder, a CA and a server certificate for
// 127.0.0.1 and localhost, a slapd.conf with an mdb database for
// dc=example,dc=com, the schema file testdata/adlite.schema (OpenLDAP's core
// schema lacks userPrincipalName: it defines it and sAMAccountName with
// Microsoft's OIDs, and an auxiliary class adLiteUser carrying them), and
// seeds a search account and a test user with slapadd (slapd -T add). It
// then runs slapd in the foreground as the current user, listening on
// ldaps:// and ldap:// (StartTLS) on free loopback ports, and stops it on
// t.Cleanup.
//
// Access rules mirror Active Directory's defaults that matter here:
// passwords are usable only to bind; bound users read everything;
// anonymous users read nothing.
//
// # Skip rule
//
// When slapd is not installed (Debian package "slapd", binary
// /usr/sbin/slapd) the test is skipped, unless the environment variable CI
// is set: then it fails, so that CI never passes by skipping.
//
// # AppArmor
//
// Some systems (Ubuntu) confine /usr/sbin/slapd with an AppArmor profile
// that forbids reading files in a temporary folder. When AppArmor is
// enabled and such a profile exists, Start runs a copy of the binary from
// the temporary folder: profiles attach by path, so the copy is not
// confined.
package slapdtest
