// Package test holds the end-to-end tests: they build the real ecereconcile
// binary once and drive it against a lab created with 'lab init', checking
// exit codes, output, the files it writes (with keytool where it is
// installed) and that secrets never leak.
package test
