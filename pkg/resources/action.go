package resources

import "fmt"

// Action is what a Change does. Its String is the symbol the views print.
//
//	Action   Before          After           symbol
//	NoOp     current state   same            (blank)
//	Create   absent          desired state   +
//	Update   current state   desired state   ~
//	Delete   current state   absent          -
type Action int

const (
	NoOp Action = iota
	Create
	Update
	Delete
)

// String returns the symbol shown in plans.
func (a Action) String() string {
	switch a {
	case NoOp:
		return " "
	case Create:
		return "+"
	case Update:
		return "~"
	case Delete:
		return "-"
	}
	return "?"
}

// Word returns the action as a word for JSON and logs.
func (a Action) Word() string {
	switch a {
	case NoOp:
		return "no-op"
	case Create:
		return "create"
	case Update:
		return "update"
	case Delete:
		return "delete"
	}
	return "unknown"
}

// ParseAction is the inverse of Word.
func ParseAction(s string) (Action, error) {
	for a := NoOp; a <= Delete; a++ {
		if a.Word() == s {
			return a, nil
		}
	}
	return NoOp, fmt.Errorf("unknown action %q", s)
}

// MarshalText renders the action as its Word.
func (a Action) MarshalText() ([]byte, error) { return []byte(a.Word()), nil }

// UnmarshalText parses a Word.
func (a *Action) UnmarshalText(b []byte) error {
	p, err := ParseAction(string(b))
	if err != nil {
		return err
	}
	*a = p
	return nil
}
