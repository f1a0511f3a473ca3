package spec

import (
	"runtime"
	"slices"
	"sync"
	"weak"
)

// loaded keeps the instances Load expanded, keyed weakly by the Spec, since
// Spec (types.go) has no field for them. An entry goes away with its Spec.
var loaded sync.Map // weak.Pointer[Spec] -> []Instance

func remember(s *Spec, insts []Instance) {
	wp := weak.Make(s)
	loaded.Store(wp, insts)
	runtime.AddCleanup(s, func(wp weak.Pointer[Spec]) { loaded.Delete(wp) }, wp)
}

// Instances returns the resource instances the spec expands into, in a
// stable order: integration.activeDirectory, integration.spogConfig,
// integration.adsTrust (keystore then service, per host), then the
// resources items, each over its hosts in spec order. For a Spec returned by
// Load it is the expansion computed (and checked) at load time, with
// positions; for a Spec built in code it is computed now, without positions
// and unchecked. The slice is a copy; the declarations it points to are
// the instances' own and safe to read.
func (s *Spec) Instances() []Instance {
	if v, ok := loaded.Load(weak.Make(s)); ok {
		return slices.Clone(v.([]Instance))
	}
	return expand(s, nil)
}
