// Package views renders plans, drift reports and apply results for people
// (text) and programs (JSON), and reports apply progress through a plan.Hook.
// The engine never prints; everything a user sees passes through here.
//
// Invariant: a Sensitive value is never rendered; views print "(sensitive)"
// followed by its reference. Kinds never put secret values into Attrs in
// the first place, so this is the second of two guards.
package views
