// Package testkit holds helpers shared by tests of several packages: the
// constants of a kind's reasons.go (to prove every reason code is
// planned), and a running PCCE simulator with a client of it. Only tests
// import it.
package testkit
