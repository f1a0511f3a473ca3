package verify

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources/ece"
)

// healthy is a Target where every check passes, with web servers a and b.
func healthy(t *testing.T) Target {
	self := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}})
	web := fakePresenter{by: map[string]outcome[Presentation]{fqdn: presented(self), "": presented(self)}}
	inst := &pcce.Ref{Name: "MultiChannel"}
	return Target{
		Environment: "test", SpecFile: "env.yaml", FQDN: fqdn,
		WebServers: []WebServer{{Name: "a", Presenter: web}, {Name: "b", Presenter: web}},
		Truststores: []Truststore{{Host: "ads", Trusted: func(context.Context) ([]TrustedCert, error) {
			return []TrustedCert{{Alias: fqdn, Cert: self.cert}}, nil
		}}},
		ECEServers: []ECEServer{{Name: "app", Roles: []string{"ece-app"}, Services: fakeServices{st: host.ServiceStatus{Exists: true, Running: true}}}},
		LDAP:       &LDAP{Verify: func(context.Context) LDAPOutcome { return LDAPOutcome{OK: true} }},
		PCCE: fakePCCE{
			machines: []pcce.Machine{{Name: "ece", Type: pcce.TypeECEWebServer, HostName: fqdn}},
			mrds:     []pcce.MRD{{Name: "ECE_Email", ApplicationInstance: inst}, {Name: "ECE_Chat", ApplicationInstance: inst}},
		},
		ApplicationInstance: "MultiChannel",
		ECEAdmin: fakeAdmin{name: "lab", by: map[eceadmin.Section]eceadmin.Observed{
			eceadmin.PartitionSSO:    {Known: true, SavedAt: testNow},
			eceadmin.UCCEIntegration: {Known: true, SavedAt: testNow, Settings: eceadmin.Settings{ece.LabelAppInstance: "MultiChannel"}},
		}},
	}
}

// tick is a clock that moves one second per reading.
func tick() func() time.Time {
	now := testNow
	return func() time.Time {
		now = now.Add(time.Second)
		return now
	}
}

func summary(rep Report) []string {
	var out []string
	for _, r := range rep.Results {
		out = append(out, string(r.Check)+" "+r.Subject+" "+r.Status.String())
	}
	return out
}

func TestRunHealthy(t *testing.T) {
	rep := Run(t.Context(), healthy(t), Options{Now: tick(), ToolVersion: "v1"})
	want := []string{
		"pkix a → ads pass", "pkix b → ads pass", "sni a pass", "sni b pass",
		"fqdn_in_certificate a pass", "fqdn_in_certificate b pass", "fqdn_in_certificate PCCE inventory: ece pass",
		"cisco_service app pass", "ldap partition SSO pass", "inventory_status PCCE pass", "agent_channels ECE email and chat pass",
	}
	if got := summary(rep); !slices.Equal(got, want) {
		t.Errorf("results\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !rep.OK() || rep.Environment != "test" || rep.FQDN != fqdn || rep.ToolVersion != "v1" {
		t.Errorf("report %+v", rep)
	}
	if !rep.CheckedAt.Equal(testNow.Add(time.Second)) || rep.Duration != 2*time.Second {
		t.Errorf("checked at %s for %s", rep.CheckedAt, rep.Duration)
	}
}

// An unreachable or silent server fails only the checks that need it.
func TestRunUnreachableServerFailsOnlyItsChecks(t *testing.T) {
	tg := healthy(t)
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	tg.WebServers[1].Presenter = fakePresenter{block: hang} // never answers, ignores ctx
	tg.ECEServers[0].Services = fakeServices{err: errors.New("winrm app:5986: connection refused")}
	rep := Run(t.Context(), tg, Options{Now: tick(), Timeout: 20 * time.Millisecond})
	for _, r := range rep.Results {
		bad := r.Subject == "b" || strings.HasPrefix(r.Subject, "b →") || r.Subject == "app"
		switch {
		case bad && r.Status != Error:
			t.Errorf("%s %s: %s, want error", r.Check, r.Subject, r.Status)
		case !bad && r.Status != Pass:
			t.Errorf("%s %s: %s %s, want pass", r.Check, r.Subject, r.Status, r.Summary)
		}
		if r.Subject == "b" && r.Check == CheckPKIX && !strings.Contains(r.Summary, "no answer within 20ms") {
			t.Errorf("summary %q does not name the timeout", r.Summary)
		}
	}
	if rep.OK() {
		t.Error("report OK with errors")
	}
}

func TestRunNothingConfigured(t *testing.T) {
	rep := Run(t.Context(), Target{FQDN: fqdn}, Options{Now: tick()})
	for _, r := range rep.Results {
		if r.Status != Skip || r.Code != NotConfigured {
			t.Errorf("%s %s: %s %s, want a skip", r.Check, r.Subject, r.Status, r.Code)
		}
	}
	var ids []CheckID
	for _, r := range rep.Results {
		if !slices.Contains(ids, r.Check) {
			ids = append(ids, r.Check)
		}
	}
	if !slices.Equal(ids, Checks) {
		t.Errorf("checks %v, want every check in order %v", ids, Checks)
	}
	if !rep.OK() {
		t.Error("skips only is OK")
	}
}
