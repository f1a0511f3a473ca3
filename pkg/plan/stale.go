package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Stale names one resource where a saved plan no longer holds.
type Stale struct {
	Addr resources.Addr
	Why  string
}

// String renders "addr: why".
func (s Stale) String() string { return s.Addr.String() + ": " + s.Why }

// Stale compares the saved plan with a fresh one, built from the same spec
// just now, and lists every resource where applying the saved plan would not
// apply what was reviewed: its fingerprint moved (reality changed since),
// its action differs, it appeared or disappeared, or it fails or is skipped
// now though it did not in the saved plan (a failure the reviewer already saw
// is not staleness). The list is sorted by address; empty means the saved plan
// still holds and fresh may be applied in its place.
func (f *File) Stale(fresh *Plan) []Stale {
	var out []Stale
	seen := make(map[resources.Addr]bool, len(f.Resources))
	for _, fr := range f.Resources {
		seen[fr.Addr] = true
		it := fresh.Item(fr.Addr)
		if it == nil {
			out = append(out, Stale{fr.Addr, "no longer in the spec"})
			continue
		}
		var why []string
		switch {
		case it.Err != nil && fr.Error == "":
			why = append(why, "fails now: "+it.Err.Error())
		case it.Skipped && !fr.Skipped:
			why = append(why, "skipped now: "+it.SkipReason)
		}
		if it.Fingerprint != "" && it.Fingerprint != fr.Fingerprint {
			why = append(why, fmt.Sprintf("changed since the plan was made (fingerprint %s, now %s)", short(fr.Fingerprint), short(it.Fingerprint)))
		}
		savedOK := fr.Error == "" && !fr.Skipped
		switch {
		case it.ok() && !savedOK && it.Change.Action != resources.NoOp:
			why = append(why, fmt.Sprintf("the plan now wants %s; the saved plan could not plan it", it.Change.Action.Word()))
		case it.ok() && savedOK:
			why = append(why, changeDiffers(fr, it)...)
		}
		if len(why) > 0 {
			out = append(out, Stale{fr.Addr, strings.Join(why, "; ")})
		}
	}
	for _, it := range fresh.Items {
		if !seen[it.Addr] {
			out = append(out, Stale{it.Addr, "new in the spec since the plan was made"})
		}
	}
	slices.SortFunc(out, func(a, b Stale) int { return resources.CompareAddr(a.Addr, b.Addr) })
	return out
}

// changeDiffers lists how the fresh change differs from the saved one:
// action, the values it would write, irreversibility, what triggers it.
// Any difference means the reviewer did not see what would be applied.
func changeDiffers(fr FileResource, it *Item) []string {
	var why []string
	if it.Change.Action != fr.Action {
		why = append(why, fmt.Sprintf("the plan now wants %s, the saved plan %s", it.Change.Action.Word(), fr.Action.Word()))
	} else if !maps.Equal(masked(it.Change.After), fr.After) {
		why = append(why, "the values to write differ from the saved plan's")
	}
	if it.Change.Irreversible != fr.Irreversible {
		why = append(why, "irreversibility differs from the saved plan's")
	}
	if !slices.Equal(triggerSources(it.Triggers), triggerSources(fr.Triggers)) {
		why = append(why, "it is triggered by other resources than in the saved plan")
	}
	return why
}

func triggerSources(ts []resources.Trigger) []resources.Addr {
	out := make([]resources.Addr, len(ts))
	for i, t := range ts {
		out[i] = t.From
	}
	slices.SortFunc(out, resources.CompareAddr)
	return out
}

// short abbreviates a fingerprint for messages: "sha256:0123456789ab".
func short(fp string) string {
	if fp == "" {
		return "(none)"
	}
	algo, hex, ok := strings.Cut(fp, ":")
	if !ok {
		algo, hex = "", fp
	}
	if len(hex) > 12 {
		hex = hex[:12]
	}
	if algo == "" {
		return hex
	}
	return algo + ":" + hex
}
