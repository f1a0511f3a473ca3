package resources

import (
	"encoding/json"
	"testing"
)

func TestAddrRoundTrip(t *testing.T) {
	tests := map[string]struct {
		in   string
		want Addr
	}{
		"with host":    {"keystore.ads_cacerts[ads-a]", Addr{"keystore", "ads_cacerts", "ads-a"}},
		"without host": {"check.mrd", Addr{"check", "mrd", ""}},
		"dotted host":  {"service.tomcat[ads-a.example.com]", Addr{"service", "tomcat", "ads-a.example.com"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseAddr(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ParseAddr(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

func TestParseAddrErrors(t *testing.T) {
	for _, in := range []string{"", "keystore", "keystore.", ".name", "keystore.x[host", "keystore.x[h]y"} {
		if _, err := ParseAddr(in); err == nil {
			t.Errorf("ParseAddr(%q): want an error", in)
		}
	}
}

func TestAddrAsJSONKey(t *testing.T) {
	m := map[Addr]int{{"keystore", "k", "h"}: 1}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"keystore.k[h]":1}` {
		t.Errorf("got %s", b)
	}
	var back map[Addr]int
	if err := json.Unmarshal(b, &back); err != nil || back[Addr{"keystore", "k", "h"}] != 1 {
		t.Errorf("round trip: %v %v", back, err)
	}
}

func TestAddrLess(t *testing.T) {
	a, b, c := Addr{"a", "x", "h2"}, Addr{"a", "x", "h1"}, Addr{"b", "a", ""}
	if !b.Less(a) || a.Less(b) || !a.Less(c) {
		t.Error("Less does not order by kind, name, host")
	}
}
