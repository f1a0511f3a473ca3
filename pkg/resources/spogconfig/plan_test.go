package spogconfig

import (
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

const path = `C:\Cisco\ECE\eService\templates\finesse\gadget\spog\spog_config.js`

var addr = resources.Addr{Kind: Kind, Name: "spog", Host: "ece-web-a"}

func TestPlan(t *testing.T) {
	const good = "var web_server_protocol = \"https\";\r\nvar web_server_name = \"ece.example.com\";\r\n"
	tests := map[string]struct {
		current     resources.State
		protocol    string // default https
		wantAction  resources.Action
		wantCodes   []string
		wantErr     string // substring; empty for no error
		wantAfter   map[string]string
		wantPrivate bool
	}{
		"in sync": {
			current:    stateOf(path, []byte(good)),
			wantAction: resources.NoOp,
		},
		"http to https": {
			current:     stateOf(path, []byte(strings.Replace(good, "https", "http", 1))),
			wantAction:  resources.Update,
			wantCodes:   []string{ProtocolDiffers},
			wantAfter:   map[string]string{AttrProtocol: "https", AttrServerName: "ece.example.com", AttrPath: path},
			wantPrivate: true,
		},
		"both differ": {
			current:     stateOf(path, []byte("web_server_protocol='http'\nweb_server_name='ECEWEB01'\n")),
			wantAction:  resources.Update,
			wantCodes:   []string{ProtocolDiffers, ServerNameDiffers},
			wantAfter:   map[string]string{AttrProtocol: "https", AttrServerName: "ece.example.com", AttrPath: path},
			wantPrivate: true,
		},
		"file missing": {
			current:   resources.State{Exists: false, Attrs: resources.Attrs{AttrPath: resources.V(path)}},
			wantCodes: []string{FileMissing},
			wantErr:   "spog_config.js not found at " + path + ": is ECE installed on this web server?",
		},
		"assignment missing": {
			current:   stateOf(path, []byte("var web_server_protocol = \"https\";\r\n// var web_server_name = \"x\";\r\n")),
			wantCodes: []string{AssignmentMissing},
			wantErr:   path + ": web_server_name is not assigned (outside comments); it is never appended",
		},
		"assignment repeated": {
			current:   stateOf(path, []byte(good+"\r\nweb_server_name = \"other\";\r\n")),
			wantCodes: []string{AssignmentUnusable},
			wantErr:   "web_server_name is assigned 2 times, on lines 2 and 4",
		},
		"not a plain string": {
			current:   stateOf(path, []byte("var web_server_protocol = \"https\";\nvar web_server_name = host + '.example.com';\n")),
			wantCodes: []string{AssignmentUnusable},
			wantErr:   "web_server_name on line 2 is not assigned a plain quoted string",
		},
		"not javascript": {
			current:   stateOf(path, []byte(good+"/* unterminated\r\n")),
			wantCodes: []string{AssignmentUnusable},
			wantErr:   "not valid JavaScript: line 3: unterminated /* comment",
		},
		"desired value the file cannot hold": {
			current:   stateOf(path, []byte(strings.Replace(good, "https", "http", 1))),
			protocol:  `ht"tps`,
			wantCodes: []string{AssignmentUnusable},
			wantErr:   "value contains the quote character",
		},
		"state without the parsed file, attribute missing": {
			current: resources.State{Exists: true, Attrs: resources.Attrs{
				AttrPath: resources.V(path), AttrProtocol: resources.V("https")}},
			wantCodes: []string{AssignmentMissing},
			wantErr:   "web_server_name is not assigned",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			protocol := tc.protocol
			if protocol == "" {
				protocol = "https"
			}
			r := New(Config{Addr: addr, Path: path, Protocol: protocol, ServerName: "ece.example.com"})
			ch, err := r.Plan(resources.PlanInput{Current: tc.current, Now: time.Unix(0, 0)})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Plan error = %v, want one containing %q", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			if ch.Addr != addr {
				t.Errorf("Addr = %v, want %v", ch.Addr, addr)
			}
			if err == nil && ch.Action != tc.wantAction {
				t.Errorf("Action = %v, want %v", ch.Action.Word(), tc.wantAction.Word())
			}
			var codes []string
			for _, r := range ch.Reasons {
				codes = append(codes, r.Code)
				if r.Message == "" {
					t.Errorf("reason %s has no message", r.Code)
				}
			}
			if strings.Join(codes, ",") != strings.Join(tc.wantCodes, ",") {
				t.Errorf("reason codes = %v, want %v", codes, tc.wantCodes)
			}
			if tc.wantAfter != nil {
				if len(ch.After) != len(tc.wantAfter) {
					t.Errorf("After = %v, want %v", ch.After, tc.wantAfter)
				}
				for k, v := range tc.wantAfter {
					if ch.After[k].S != v {
						t.Errorf("After[%s] = %q, want %q", k, ch.After[k].S, v)
					}
				}
				if ch.Before[AttrProtocol] == ch.After[AttrProtocol] && ch.Before[AttrServerName] == ch.After[AttrServerName] {
					t.Errorf("Before equals After in an Update")
				}
			}
			if _, ok := ch.Private.(*planned); ok != tc.wantPrivate {
				t.Errorf("Private planned = %v, want %v", ok, tc.wantPrivate)
			}
		})
	}
}

func TestPlanIsDeterministic(t *testing.T) {
	r := New(Config{Addr: addr, Path: path, Protocol: "https", ServerName: "ece.example.com"})
	st := stateOf(path, []byte("var web_server_protocol = 'http'; var web_server_name = 'x';"))
	a, errA := r.Plan(resources.PlanInput{Current: st})
	b, errB := r.Plan(resources.PlanInput{Current: st})
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if resources.FingerprintOf(resources.State{Exists: true, Attrs: a.After}) != resources.FingerprintOf(resources.State{Exists: true, Attrs: b.After}) ||
		len(a.Reasons) != len(b.Reasons) || a.Reasons[0] != b.Reasons[0] {
		t.Errorf("two plans of the same input differ: %+v vs %+v", a, b)
	}
}
