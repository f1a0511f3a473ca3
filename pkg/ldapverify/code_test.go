package ldapverify

import (
	"errors"
	"strings"
	"testing"
)

func TestFailureCodeNames(t *testing.T) {
	for c := None; c <= Other; c++ {
		name := c.String()
		if name == "" || strings.HasPrefix(name, "FailureCode(") {
			t.Errorf("code %d has no name", int(c))
		}
		text, _ := c.MarshalText()
		var back FailureCode
		if err := back.UnmarshalText(text); err != nil || back != c {
			t.Errorf("%s does not round-trip: %v", name, err)
		}
		if (c.Remedy() == "") != (c == None || c == Other) {
			t.Errorf("%s: remedy %q", name, c.Remedy())
		}
	}
	if got := FailureCode(99).String(); got != "FailureCode(99)" {
		t.Errorf("out of range: %q", got)
	}
	var c FailureCode
	if err := c.UnmarshalText([]byte("Nope")); err == nil {
		t.Error("unknown name accepted")
	}
}

func TestADDataText(t *testing.T) {
	tests := []struct {
		diag, code, words string
		ok                bool
	}{
		{"80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563\x00", "52e", "bad password (or unknown user)", true},
		{"80090308: LdapErr: DSID-0C09030B, comment: AcceptSecurityContext error, data 525, v893", "525", "user not found", true},
		{"... data 52f, v893", "52f", "account restrictions prevent this logon", true},
		{"... data 530, v893", "530", "logon not permitted at this time", true},
		{"... data 531, v893", "531", "logon not permitted from this workstation", true},
		{"... data 532, v893", "532", "password expired", true},
		{"... data 533, v893", "533", "account disabled", true},
		{"... data 701, v893", "701", "account expired", true},
		{"... data 773, v893", "773", "user must reset the password", true},
		{"... data 775, v893", "775", "account locked out", true},
		{"... DATA 52E, v893", "52e", "bad password (or unknown user)", true},
		{"... data 1234, v1", "1234", "unknown Active Directory sub-code", true},
		{"000004DC: LdapErr: ..., data 0, v4563", "", "", false},
		{"invalid credentials", "", "", false},
	}
	for _, tt := range tests {
		code, words, ok := ADDataText(tt.diag)
		if code != tt.code || words != tt.words || ok != tt.ok {
			t.Errorf("ADDataText(%q) = %q, %q, %v", tt.diag, code, words, ok)
		}
	}
}

func TestRecordRedactsAnEchoedPassword(t *testing.T) {
	v := &verifier{cfg: Config{Password: testPassword}.withDefaults()}
	cause := errors.New("server said: bad secret " + testPassword)
	v.record(StepBind, 0, "", fail(Other, cause, "the server echoed %s", testPassword))
	if strings.Contains(v.rep.Steps[0].Detail, testPassword) || strings.Contains(v.rep.Err.Error(), testPassword) {
		t.Errorf("password shown: %q", v.rep.Steps[0].Detail)
	}
	if errors.Unwrap(v.rep.Err) != nil {
		t.Error("a cause holding the password is still reachable through Unwrap")
	}
	v = &verifier{cfg: Config{Password: testPassword}.withDefaults()}
	v.record(StepBind, 0, "", fail(Other, cause, "x"))
	v2 := &verifier{cfg: Config{Password: "other-password"}.withDefaults()}
	v2.record(StepBind, 0, "", fail(Other, cause, "x"))
	if !errors.Is(v2.rep.Err, cause) {
		t.Error("a harmless cause is not reachable through Unwrap")
	}
}

func TestRedactIgnoresTinyPasswords(t *testing.T) {
	if got := redact("bad password", "a"); got != "bad password" {
		t.Errorf("redact with a one-letter password: %q", got)
	}
	if got := redact("x Secret y", "Secret"); got != "x [redacted] y" {
		t.Errorf("redact: %q", got)
	}
}
