package check

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// AttrAppInstance is the application instance as PCCE names it, or
// "(missing)".
const AttrAppInstance = "application_instance"

// appInstanceState is State.Private of the AppInstance check.
type appInstanceState struct {
	exact bool
	// near is PCCE's name when it differs from the wanted one only in case.
	near string
	// all are PCCE's instance names, sorted, for the error.
	all []string
}

func (r *Resource) readAppInstance(ctx context.Context) (resources.State, error) {
	ais, err := r.c.Client.ListApplicationInstances(ctx)
	if err != nil {
		return resources.State{}, fmt.Errorf("check %s: %w", r.c.Check, err)
	}
	st := &appInstanceState{}
	for _, a := range ais {
		st.all = append(st.all, a.Name)
		switch {
		case a.Name == r.c.AppInstance:
			st.exact = true
		case strings.EqualFold(a.Name, r.c.AppInstance):
			st.near = a.Name
		}
	}
	sort.Strings(st.all)
	v := valueMissing
	switch {
	case st.exact:
		v = r.c.AppInstance
	case st.near != "":
		v = st.near
	}
	state := resources.State{Exists: true, Attrs: resources.Attrs{AttrAppInstance: resources.V(v)}, Private: st}
	if strings.HasPrefix(strings.ToUpper(r.c.AppInstance), "UQ") {
		state.Warnings = append(state.Warnings, fmt.Sprintf(
			"application instance %s starts with UQ; the tech note says ECE must not use that one (step 5)", r.c.AppInstance))
	}
	return state, nil
}

// planAppInstance fails when the instance is missing or differs in case.
func (r *Resource) planAppInstance(cur resources.State) (resources.Change, error) {
	st, ok := cur.Private.(*appInstanceState)
	if !ok || st == nil {
		return resources.Change{}, fmt.Errorf("check %s: the application instances were not read", r.c.Check)
	}
	var reason resources.Reason
	switch {
	case st.exact:
		return resources.NoChange(r.c.Addr, cur), nil
	case st.near != "":
		reason = resources.Reason{Code: AppInstanceCaseDiffers, Message: fmt.Sprintf(
			"application instance names are case-sensitive: PCCE has %s, the spec says %s", st.near, r.c.AppInstance)}
	default:
		has := "none"
		if len(st.all) > 0 {
			has = strings.Join(st.all, ", ")
		}
		reason = resources.Reason{Code: AppInstanceMissing, Message: fmt.Sprintf(
			"PCCE has no application instance %s (it has: %s); it is MultiChannel for 2000 agents, {site}_{peripheralSet}_{instance} for 4000 and 12000",
			r.c.AppInstance, has)}
	}
	return failPlan(r.c.Addr, cur, []resources.Reason{reason}, joinReasons("check "+r.c.Check.String(), []resources.Reason{reason}))
}
