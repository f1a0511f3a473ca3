package faults

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Set
		str  string
	}{
		{name: "empty", text: "", str: "none"},
		{name: "none", text: "none\n", str: "none"},
		{name: "only comments", text: "# nothing yet\n\n", str: "none"},
		{
			name: "every PCCE key",
			text: "latency=50ms,fail=0.2,seed=7,fail-next=3,status=500,conflict=2,drop=post:1,drop-before=2,hang=1",
			want: Set{PCCE: PCCE{Latency: 50 * time.Millisecond, FailRate: 0.2, Seed: 7, FailNext: 3, FailStatus: 500, Conflicts: 2,
				Drops: []Drop{{Method: "POST", Count: 1, When: pccesim.DropAfter}, {Count: 2, When: pccesim.DropBefore}}, Hang: 1}},
			str: "latency=50ms,fail=0.2,seed=7,fail-next=3,status=500,conflict=2,drop=POST:1,drop-before=2,hang=1",
		},
		{
			name: "lines, spaces and comments",
			text: "# the lab's faults\nldap=down   # AD is off\r\nFail=0.5 seed=3\nldap-latency=20ms\n",
			want: Set{PCCE: PCCE{FailRate: 0.5, Seed: 3}, LDAPDown: true, LDAPLatency: 20 * time.Millisecond},
			str:  "fail=0.5,seed=3,ldap=down,ldap-latency=20ms",
		},
		{name: "ldap up is no fault", text: "ldap=up", str: "none"},
		{name: "the default status is not written", text: "fail-next=2,status=503", want: Set{PCCE: PCCE{FailNext: 2, FailStatus: 503}}, str: "fail-next=2"},
		{
			name: "one drop per method and moment",
			text: "drop=GET:1,drop=PUT:2,drop-before=GET:1",
			want: Set{PCCE: PCCE{Drops: []Drop{{"GET", 1, pccesim.DropAfter}, {"PUT", 2, pccesim.DropAfter}, {"GET", 1, pccesim.DropBefore}}}},
			str:  "drop=GET:1,drop=PUT:2,drop-before=GET:1",
		},
		{name: "zero counts are none", text: "conflict=0,drop=0,hang=0,latency=0s", str: "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.text, got, tt.want)
			}
			if got.String() != tt.str {
				t.Errorf("String() = %q, want %q", got.String(), tt.str)
			}
			again, err := Parse(got.String())
			if err != nil || again.String() != tt.str {
				t.Errorf("String() does not read back: %q, %v", again.String(), err)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unknown key", "fial=0.2", `fault "fial=0.2": unknown fault "fial"; known: latency, fail, seed, fail-next, status, conflict, drop, drop-before, hang, ldap, ldap-latency`},
		{"no value", "fail", `fault "fail": want key=value, like fail=0.2 or latency=50ms`},
		{"empty value", "fail=", `fault "fail=": want key=value`},
		{"share above one", "fail=2", `fault "fail=2": fail is a share of requests from 0 to 1, like 0.2`},
		{"share as a percentage", "fail=20%", `fail is a share of requests from 0 to 1`},
		{"NaN share", "fail=NaN", `fail is a share of requests from 0 to 1`},
		{"negative latency", "latency=-1s", `fault "latency=-1s": latency is a duration from 0 to 1m0s, like 50ms`},
		{"latency without unit", "latency=50", `latency is a duration`},
		{"latency that is a hang", "latency=2m", `latency is a duration from 0 to 1m0s`},
		{"negative count", "conflict=-1", `fault "conflict=-1": want a number of requests from 0, like 3`},
		{"count that is not a number", "hang=once", `fault "hang=once": want a number of requests`},
		{"status that is not an error", "fail-next=1,status=404", `fault "status=404": status is 429 or from 500 to 599`},
		{"status without fail-next", "status=500", `fault status=500: status is the answer of fail-next, which is not given`},
		{"repeated key", "fail=0.1,fail=0.2", `fault "fail=0.2": fail is given twice`},
		{"repeated drop", "drop=2,drop=1", `fault "drop=1": drop is given twice for any method`},
		{"unknown method", "drop=PATCH:1", `fault "drop=PATCH:1": drop takes [METHOD:]N with METHOD one of GET, POST, PUT, DELETE`},
		{"ldap neither down nor up", "ldap=off", `fault "ldap=off": ldap is down or up`},
		{"negative seed", "seed=-1", `seed is a whole number from 0`},
		{"ldap latency that is not a duration", "ldap-latency=slow", `fault "ldap-latency=slow": ldap-latency is a duration from 0 to 1m0s`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tt.text, err, tt.want)
			}
		})
	}
}

func TestParsePCCE(t *testing.T) {
	p, err := ParsePCCE("latency=5ms,conflict=1")
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != "latency=5ms,conflict=1" {
		t.Errorf("got %s", p)
	}
	_, err = ParsePCCE("fail=0.1,ldap=down")
	if want := `fault "ldap=down": ldap is not a PCCE fault: use --ldap-down, or ldap=down in the lab's faults file`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if _, err = ParsePCCE("ldap-latency=1ms"); err == nil {
		t.Error("ParsePCCE takes ldap-latency")
	}
	_, err = ParsePCCE("bogus=1")
	if err == nil || strings.Contains(err.Error(), "ldap") {
		t.Errorf("the PCCE keys offer ldap: %v", err)
	}
}

func TestZero(t *testing.T) {
	tests := []struct {
		name string
		set  Set
		want bool
	}{
		{"nothing", Set{}, true},
		{"a seed alone", Set{PCCE: PCCE{Seed: 4}}, true},
		{"ldap down", Set{LDAPDown: true}, false},
		{"ldap latency", Set{LDAPLatency: time.Millisecond}, false},
		{"a hang", Set{PCCE: PCCE{Hang: 1}}, false},
		{"a drop", Set{PCCE: PCCE{Drops: []Drop{{Count: 1, When: pccesim.DropAfter}}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.set.Zero(); got != tt.want {
				t.Errorf("Zero() = %v, want %v", got, tt.want)
			}
		})
	}
}
