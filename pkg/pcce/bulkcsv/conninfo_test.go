package bulkcsv

import (
	"fmt"
	"strings"
	"testing"
)

func TestEscapeRoundTrip(t *testing.T) {
	tests := map[string]struct {
		in, escaped string
	}{
		"plain":             {"pa@example.com", "pa@example.com"},
		"empty":             {"", ""},
		"ampersand":         {"a&b", "a%26b"},
		"equals":            {"a=b", "a%3Db"},
		"percent":           {"100%", "100%25"},
		"percent lookalike": {"%41", "%2541"},
		"comma and quote":   {`a,"b"`, "a%2C%22b%22"},
		"semicolon":         {"a;b", "a%3Bb"},
		"line break":        {"a\r\nb", "a%0D%0Ab"},
		"tab and DEL":       {"a\tb\x7f", "a%09b%7F"},
		"utf-8 kept":        {"contraseña€", "contraseña€"},
		"all at once":       {paPassword, "Pa%26ss%3Dw%25rd%2C%3B%229Zq"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := Escape(tt.in)
			if got != tt.escaped {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.escaped)
			}
			if strings.ContainsAny(got, "&=,;\"\r\n") {
				t.Errorf("Escape(%q) = %q still holds a separator", tt.in, got)
			}
			back, err := Unescape(got)
			if err != nil || back != tt.in {
				t.Errorf("Unescape(%q) = %q, %v; want %q", got, back, err, tt.in)
			}
		})
	}
}

func TestUnescapeAcceptsLowerCaseHex(t *testing.T) {
	got, err := Unescape("a%3db%2c")
	if err != nil || got != "a=b," {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestConnectionInfoRoundTrip(t *testing.T) {
	tests := map[string]ConnectionInfo{
		"empty":             nil,
		"web server":        {{KeyUserName, "pa@example.com"}, {KeyPassword, paPassword}, {KeyApplicationInstance, "Main_PS1_MultiChannel"}},
		"service type":      {{"type", "DIAGNOSTIC_PORTAL"}, {KeyUserName, `EXAMPLE\admin`}, {KeyPassword, "x"}},
		"empty value":       {{KeyUserName, ""}},
		"escaped key":       {{"we&ird=key", "v"}},
		"repeated key kept": {{"a", "1"}, {"a", "2"}},
	}
	for name, ci := range tests {
		t.Run(name, func(t *testing.T) {
			enc := ci.Encode()
			back, err := ParseConnectionInfo(enc)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint([]Param(back)) != fmt.Sprint([]Param(ci)) {
				t.Errorf("round trip of %q: got %q, want %q", enc, []Param(back), []Param(ci))
			}
		})
	}
}

func TestParseConnectionInfoErrorsHideValues(t *testing.T) {
	const secret = "Zq9-secret"
	tests := map[string]struct {
		in, want string
	}{
		"no equals":       {"userName=pa&" + secret, "item 2 has no '='"},
		"empty key":       {"=" + secret, "item 1 has an empty key"},
		"bad escape":      {"password=" + secret + "%zz", "item 1 (password): value: at byte 11: '%' not followed by two hex digits"},
		"truncated":       {"password=" + secret + "%4", "item 1 (password): value: at byte 11:"},
		"bad key escape":  {"pass%word=" + secret, "item 1: key: at byte 5"},
		"trailing escape": {"password=%", "at byte 1"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ParseConnectionInfo(tt.in)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the value: %v", err)
			}
		})
	}
}

func TestSetAndGet(t *testing.T) {
	var ci ConnectionInfo
	ci.Set(KeyUserName, "a")
	ci.Set(KeyPassword, "b")
	ci.Set(KeyUserName, "c")
	if got := ci.Encode(); got != "userName=c&password=b" {
		t.Errorf("got %q", got)
	}
	if v, ok := ci.Get(KeyPassword); !ok || v != "b" {
		t.Errorf("Get(password) = %q, %v", v, ok)
	}
	if _, ok := ci.Get(KeyApplicationInstance); ok {
		t.Error("Get of a missing key reports it present")
	}
}

func TestPrintingMasksThePassword(t *testing.T) {
	row := NewECEWebServer("ece-web-a", "ece-web-a.example.com", "pa@example.com", paPassword, "MultiChannel")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out := fmt.Sprintf(verb, row)
		if strings.Contains(out, paPassword) || strings.Contains(out, Escape(paPassword)) || strings.Contains(out, "9Zq") {
			t.Errorf("%s shows the password: %s", verb, out)
		}
	}
	if got := fmt.Sprint(row.ConnectionInfo); got != "userName=pa@example.com&password=******&applicationInstance=MultiChannel" {
		t.Errorf("Sprint = %q", got)
	}
}
