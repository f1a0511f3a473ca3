package inventory

import (
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// readWeb is the state Read returns for a web server found in PCCE.
func readWeb(r *Resource, m pcce.Machine, recorded, desired string) resources.State {
	attrs := r.attrsOf(m)
	return resources.State{Exists: true, Attrs: attrs, Fingerprint: fingerprint(attrs, recorded),
		Private: &readState{machine: m, recordedHash: recorded, desiredHash: desired}}
}

func TestPlan(t *testing.T) {
	web := pcce.NewECEWebServer("ece-web", "ece.example.com", "pa@example.com", "", pcce.Ref{Name: "MultiChannel"})
	web.RefURL, web.ChangeStamp = "/unifiedconfig/config/machineinventory/5100", 3
	with := func(f func(*pcce.Machine)) pcce.Machine {
		m := web.Clone()
		f(&m)
		return m
	}
	absent := resources.State{Private: &readState{}}
	tests := []struct {
		name      string
		cfg       func(*Config)
		cur       func(r *Resource) resources.State
		action    resources.Action
		codes     string
		inMessage string
	}{
		{
			name: "absent: create", cur: func(*Resource) resources.State { return absent },
			action: resources.Create, codes: MachineMissing, inMessage: `it will be added as "ece-web"`,
		},
		{
			name: "absent, CSV mode: create through the CSV", cfg: func(c *Config) { c.CSVFile = "/tmp/x/inventory.csv" },
			cur:    func(*Resource) resources.State { return absent },
			action: resources.Create, codes: MachineMissing, inMessage: "its row will be written to /tmp/x/inventory.csv for the bulk import",
		},
		{
			name: "in sync", cur: func(r *Resource) resources.State { return readWeb(r, web, "h1", "h1") },
			action: resources.NoOp,
		},
		{
			name: "other name", cur: func(r *Resource) resources.State {
				return readWeb(r, with(func(m *pcce.Machine) { m.Name = "ECE-WEB-OLD" }), "h1", "h1")
			},
			action: resources.Update, codes: NameDiffers, inMessage: `named "ECE-WEB-OLD" in the inventory; it will be renamed "ece-web"`,
		},
		{
			name: "other user", cur: func(r *Resource) resources.State {
				return readWeb(r, with(func(m *pcce.Machine) { m.SetCredentials("admin", "") }), "h1", "h1")
			},
			action: resources.Update, codes: UserDiffers, inMessage: `the Partition Administrator user is "admin"`,
		},
		{
			name: "application instance differs in case", cur: func(r *Resource) resources.State {
				return readWeb(r, with(func(m *pcce.Machine) { m.SetApplicationInstance(pcce.Ref{Name: "multichannel"}) }), "h1", "h1")
			},
			action: resources.Update, codes: AppInstanceDiffers, inMessage: "(application instance names are case-sensitive)",
		},
		{
			name: "no application instance", cur: func(r *Resource) resources.State {
				return readWeb(r, with(func(m *pcce.Machine) { m.Networks = nil; m.SetCredentials("pa@example.com", "") }), "h1", "h1")
			},
			action: resources.Update, codes: AppInstanceDiffers, inMessage: "the application instance is empty",
		},
		{
			name: "password changed", cur: func(r *Resource) resources.State { return readWeb(r, web, "h1", "h2") },
			action: resources.Update, codes: PasswordChanged, inMessage: "the password env:ECE_PA_PASSWORD is not the one last sent",
		},
		{
			name: "no hash recorded", cur: func(r *Resource) resources.State { return readWeb(r, web, "", "h2") },
			action: resources.Update, codes: PasswordUnknown, inMessage: "it will be sent once (env:ECE_PA_PASSWORD)",
		},
		{
			name: "no hash key yet", cur: func(r *Resource) resources.State { return readWeb(r, web, "", "") },
			action: resources.Update, codes: PasswordUnknown,
		},
		{
			name: "everything differs", cur: func(r *Resource) resources.State {
				return readWeb(r, with(func(m *pcce.Machine) {
					m.Name = "x"
					m.SetCredentials("admin", "")
					m.SetApplicationInstance(pcce.Ref{Name: "Other"})
				}), "h1", "h2")
			},
			action: resources.Update, codes: strings.Join([]string{NameDiffers, UserDiffers, AppInstanceDiffers, PasswordChanged}, ","),
		},
		{
			name: "data server: only the name counts",
			cfg: func(c *Config) {
				*c = dataConfig(nil, "ece-data-a", "ece-data-a")
			},
			cur: func(r *Resource) resources.State {
				m := pcce.NewECEDataServer("ece-data-a", "ece-data-a.example.com")
				return resources.State{Exists: true, Attrs: r.attrsOf(m), Private: &readState{machine: m}}
			},
			action: resources.NoOp,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := webConfig(nil, "/state", env{})
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			r := New(cfg)
			cur := tt.cur(r)
			ch, err := r.Plan(resources.PlanInput{Current: cur, Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			if ch.Action != tt.action {
				t.Fatalf("action %s, want %s (%v)", ch.Action.Word(), tt.action.Word(), ch.Reasons)
			}
			if got := codes(ch); got != tt.codes {
				t.Errorf("reasons %q, want %q", got, tt.codes)
			}
			if tt.inMessage != "" && !strings.Contains(describe(cur, ch), tt.inMessage) {
				t.Errorf("reasons %v lack %q", ch.Reasons, tt.inMessage)
			}
			if ch.Action != resources.NoOp {
				if got := ch.After[AttrName].S; got != cfg.Name {
					t.Errorf("After name %q, want %q", got, cfg.Name)
				}
			}
			p, ok := ch.Private.(*planned)
			if !ok {
				t.Fatalf("Private is %T", ch.Private)
			}
			if p.create != (tt.action == resources.Create) {
				t.Errorf("planned create = %v", p.create)
			}
			if cur.Exists && p.machine.ChangeStamp != cur.Private.(*readState).machine.ChangeStamp {
				t.Error("the plan lost the changeStamp read")
			}
		})
	}
}

func TestPlanAttributes(t *testing.T) {
	r := New(webConfig(nil, "/state", env{}))
	ch, err := r.Plan(resources.PlanInput{Current: resources.State{Private: &readState{}}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]resources.Value{
		AttrName:        resources.V("ece-web"),
		AttrType:        resources.V("ECE_WEB_SERVER"),
		AttrHostName:    resources.V("ece.example.com"),
		AttrUser:        resources.V("pa@example.com"),
		AttrAppInstance: resources.V("MultiChannel"),
		AttrPassword:    {S: "env:ECE_PA_PASSWORD", Sensitive: true},
	}
	if len(ch.After) != len(want) {
		t.Errorf("After %v", ch.After)
	}
	for k, v := range want {
		if ch.After[k] != v {
			t.Errorf("After[%s] = %+v, want %+v", k, ch.After[k], v)
		}
	}
}

func TestPlanRefusesInvalidSettings(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(*Config)
		want string
	}{
		{"web server by short name", func(c *Config) { c.HostName = "ece-web" }, "host name ece-web is not fully qualified"},
		{"web server by IP", func(c *Config) { c.HostName = "10.0.0.5" }, "host name 10.0.0.5 is an IP address"},
		{"name with a space", func(c *Config) { c.Name = "ece web" }, `inventory name "ece web" must match`},
		{"name too long", func(c *Config) { c.Name = strings.Repeat("a", 129) }, "longer than 128 characters"},
		{"no user", func(c *Config) { c.User = "" }, "the Partition Administrator user is empty"},
		{"no password", func(c *Config) { c.Password.Env = "" }, "password has no reference"},
		{"no application instance", func(c *Config) { c.AppInstance = "" }, "the application instance is empty"},
		{"no state folder", func(c *Config) { c.StateDir = "" }, "no state folder"},
		{"not an ECE type", func(c *Config) { c.Type = pcce.TypeFinesse }, `type "FINESSE" is not an ECE machine type`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := webConfig(nil, "/state", env{})
			tt.cfg(&cfg)
			ch, err := New(cfg).Plan(resources.PlanInput{Current: resources.State{Private: &readState{}}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if ch.Action != resources.NoOp || codes(ch) != InvalidSettings {
				t.Errorf("change %s %q, want a NoOp with %s", ch.Action.Word(), codes(ch), InvalidSettings)
			}
		})
	}
}

func TestPlanWithoutReadIsAnError(t *testing.T) {
	_, err := New(webConfig(nil, "/state", env{})).Plan(resources.PlanInput{})
	if err == nil || !strings.Contains(err.Error(), "the inventory was not read") {
		t.Fatalf("got %v", err)
	}
}
