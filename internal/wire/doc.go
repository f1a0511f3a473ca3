// Package wire turns the expanded instances of a spec into resources: it
// picks the transport of each host (local or lab) and the constructor of
// each kind. It is the only package that knows every kind; adding a kind
// means one case here and one in pkg/spec.
package wire
