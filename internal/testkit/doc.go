// Package testkit holds helpers shared by tests of several packages: the
// constants of a kind's reasons.go (to prove every reason code is
// planned), a running PCCE simulator with a client of it, and a search of
// a folder for a secret. Only tests import it.
package testkit
