package resources

import "errors"

// ErrCannotConverge is wrapped by Plan's error when reality differs from the
// spec in a way apply must not fix: a setting that is permanent once saved
// (the ECE ↔ UCCE integration), or something ecereconcile never deletes
// (another https binding on the port). plan and apply fail the resource;
// drift reports it as drift (it is one), marked as needing a person.
var ErrCannotConverge = errors.New("cannot be converged by apply")
