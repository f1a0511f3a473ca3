// Package cli implements the ecereconcile command line (DESIGN.md §3):
// validate, plan, apply, drift, graph, lab, demo, version.
//
// Run takes its standard streams, environment and clock as parameters so the
// whole CLI is testable in-process; cmd/ecereconcile only calls Run.
//
// Exit codes: 0 success; 1 error; 2 "changes present" (plan
// --detailed-exitcode) or "drift" (drift). Errors go to stderr prefixed with
// "ecereconcile: ", optionally followed by "hint:" lines.
package cli
