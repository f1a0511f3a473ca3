package check

import (
	"context"
	"fmt"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// ECEMRDs are the media routing domains ECE needs, in the tech note's
// order.
var ECEMRDs = []string{pcce.MRDNameEmail, pcce.MRDNameChat, pcce.MRDNameOutbound}

// Attribute names of the MRDs check.
const (
	// AttrMRDs summarises: "ECE_Email, ECE_Chat, ECE_Outbound → MultiChannel"
	// when all are associated, else "1 of 3 associated with MultiChannel".
	AttrMRDs = "mrds"
)

// mrdAttr is the attribute of one MRD: its application instance,
// "(missing)" or "(not associated)".
func mrdAttr(name string) string { return "mrd[" + name + "]" }

const (
	valueMissing       = "(missing)"
	valueNotAssociated = "(not associated)"
)

// mrdState is State.Private of the MRDs check.
type mrdState struct {
	mrds map[string]mrdInfo
}

// mrdInfo is what Read found for one wanted MRD.
type mrdInfo struct {
	exists bool
	// near is an MRD whose name differs only in case, when none matches.
	near string
	// appInstance is the associated instance's name ("" when none).
	appInstance string
}

func (r *Resource) readMRDs(ctx context.Context) (resources.State, error) {
	list, err := r.c.Client.ListMRDs(ctx)
	if err != nil {
		return resources.State{}, fmt.Errorf("check %s: %w", r.c.Check, err)
	}
	st := &mrdState{mrds: map[string]mrdInfo{}}
	var byRef map[string]string // refURL -> name, loaded when a ref has no name
	for _, want := range ECEMRDs {
		var info mrdInfo
		for _, m := range list {
			switch {
			case m.Name == want:
				info.exists = true
				ref := m.ApplicationInstanceRef()
				info.appInstance = ref.Name
				if ref.Name == "" && ref.RefURL != "" {
					if byRef == nil {
						if byRef, err = r.appInstanceNames(ctx); err != nil {
							return resources.State{}, err
						}
					}
					info.appInstance = byRef[ref.RefURL]
					if info.appInstance == "" {
						info.appInstance = ref.RefURL
					}
				}
			case strings.EqualFold(m.Name, want):
				info.near = m.Name
			}
			if info.exists {
				break
			}
		}
		st.mrds[want] = info
	}
	attrs := resources.Attrs{}
	ok := 0
	for _, name := range ECEMRDs {
		info := st.mrds[name]
		v := info.appInstance
		switch {
		case !info.exists:
			v = valueMissing
		case v == "":
			v = valueNotAssociated
		case v == r.c.AppInstance:
			ok++
		}
		attrs[mrdAttr(name)] = resources.V(v)
	}
	summary := fmt.Sprintf("%d of %d associated with %s", ok, len(ECEMRDs), r.c.AppInstance)
	if ok == len(ECEMRDs) {
		summary = strings.Join(ECEMRDs, ", ") + " → " + r.c.AppInstance
	}
	attrs[AttrMRDs] = resources.V(summary)
	return resources.State{Exists: true, Attrs: attrs, Private: st}, nil
}

// appInstanceNames maps application instance refURLs to names.
func (r *Resource) appInstanceNames(ctx context.Context) (map[string]string, error) {
	ais, err := r.c.Client.ListApplicationInstances(ctx)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", r.c.Check, err)
	}
	out := make(map[string]string, len(ais))
	for _, a := range ais {
		out[a.RefURL] = a.Name
	}
	return out, nil
}

// planMRDs fails, naming every missing or misassociated MRD and the fix.
func (r *Resource) planMRDs(cur resources.State) (resources.Change, error) {
	st, ok := cur.Private.(*mrdState)
	if !ok || st == nil {
		return resources.Change{}, fmt.Errorf("check %s: the media routing domains were not read", r.c.Check)
	}
	want := r.c.AppInstance
	fix := fmt.Sprintf("associate it with the application instance %s in Unified CCE Administration", want)
	var reasons []resources.Reason
	for _, name := range ECEMRDs {
		info := st.mrds[name]
		switch {
		case !info.exists && info.near != "":
			reasons = append(reasons, resources.Reason{Code: MRDMissing, Message: fmt.Sprintf(
				"%s does not exist; there is %s, but media routing domain names are case-sensitive: create or rename it %s and %s", name, info.near, name, fix)})
		case !info.exists:
			reasons = append(reasons, resources.Reason{Code: MRDMissing, Message: fmt.Sprintf(
				"%s does not exist: create the media routing domain %s and %s", name, name, fix)})
		case info.appInstance == "":
			reasons = append(reasons, resources.Reason{Code: MRDNotAssociated, Message: fmt.Sprintf(
				"%s is associated with no application instance: %s", name, fix)})
		case info.appInstance != want:
			msg := fmt.Sprintf("%s is associated with %q, not %q: %s", name, info.appInstance, want, fix)
			if strings.EqualFold(info.appInstance, want) {
				msg += " (application instance names are case-sensitive)"
			}
			reasons = append(reasons, resources.Reason{Code: MRDWrongAppInstance, Message: msg})
		}
	}
	if len(reasons) > 0 {
		return failPlan(r.c.Addr, cur, reasons, joinReasons("ECE media routing domains (tech note prerequisites)", reasons))
	}
	return resources.NoChange(r.c.Addr, cur), nil
}
