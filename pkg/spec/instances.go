package spec

import "slices"

func remember(s *Spec, insts []Instance) { s.instances = insts }

// Instances returns the resource instances the spec expands into, in a
// stable order: integration.activeDirectory, integration.spogConfig,
// integration.adsTrust (keystore then service, per host), then the
// resources items, each over its hosts in spec order. For a Spec returned by
// Load it is the expansion computed (and checked) at load time, with
// positions; for a Spec built in code it is computed now, without positions
// and unchecked. The slice is a copy; the declarations it points to are
// the instances' own and safe to read.
func (s *Spec) Instances() []Instance {
	if s.instances != nil {
		return slices.Clone(s.instances)
	}
	return expand(s, nil)
}
