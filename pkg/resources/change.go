package resources

// Reason says why a change is planned. Code is a stable, documented constant
// of the kind ("EntryMissing"); Message is a sentence for people. Reasons are
// for display only, never for apply-time decisions.
type Reason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Change is the result of Plan: what Apply will do to one resource.
//
//	field         meaning
//	Action        NoOp, Create, Update, Delete
//	Before        attributes read from reality (nil when absent)
//	After         attributes after apply (nil for Delete); a Value may be Unknown
//	Reasons       why, for display
//	Irreversible  applying cannot be undone; needs explicit consent
//	Private       kind-specific instructions for Apply, never serialised
type Change struct {
	Addr         Addr
	Action       Action
	Before       Attrs
	After        Attrs
	Reasons      []Reason
	Irreversible bool
	Private      any
}

// NoChange is the Change of a resource that is already as desired.
func NoChange(addr Addr, current State) Change {
	return Change{Addr: addr, Action: NoOp, Before: current.Attrs, After: current.Attrs}
}
