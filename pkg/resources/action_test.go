package resources

import "testing"

func TestActionSymbolsAndWords(t *testing.T) {
	tests := []struct {
		a            Action
		symbol, word string
	}{
		{NoOp, " ", "no-op"},
		{Create, "+", "create"},
		{Update, "~", "update"},
		{Delete, "-", "delete"},
	}
	for _, tt := range tests {
		if tt.a.String() != tt.symbol || tt.a.Word() != tt.word {
			t.Errorf("%d: got %q %q, want %q %q", tt.a, tt.a.String(), tt.a.Word(), tt.symbol, tt.word)
		}
		back, err := ParseAction(tt.word)
		if err != nil || back != tt.a {
			t.Errorf("ParseAction(%q) = %v, %v", tt.word, back, err)
		}
	}
	if _, err := ParseAction("replace"); err == nil {
		t.Error("ParseAction(replace): want an error")
	}
}

func TestFingerprintOf(t *testing.T) {
	base := State{Exists: true, Attrs: Attrs{"a": V("1"), "b": V("2")}}
	same := State{Exists: true, Attrs: Attrs{"b": V("2"), "a": V("1")}}
	tests := map[string]struct {
		s    State
		same bool
	}{
		"same attrs, other order": {same, true},
		"value changed":           {State{Exists: true, Attrs: Attrs{"a": V("1"), "b": V("3")}}, false},
		"absent":                  {State{Attrs: base.Attrs}, false},
		"attr moved between keys": {State{Exists: true, Attrs: Attrs{"a": V("12"), "b": V("")}}, false},
		"explicit fingerprint":    {State{Exists: true, Attrs: base.Attrs, Fingerprint: "sha256:x"}, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := FingerprintOf(tt.s) == FingerprintOf(base); got != tt.same {
				t.Errorf("equal = %v, want %v", got, tt.same)
			}
		})
	}
}
