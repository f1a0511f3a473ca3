package pcce_test

import (
	"context"
	"net"
	"slices"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

func TestMachineRoundTrip(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	c, _ := newClient(t, sim, nil)
	ctx := context.Background()

	ref, err := c.CreateMachine(ctx, webServer("ece-web-a", "ECE-Web-A", paPassword))
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.GetMachine(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"refURL", m.RefURL, ref},
		{"host name made the FQDN", m.HostName, "ece-web-a.example.com"},
		{"type", m.Type, pcce.TypeECEWebServer},
		{"changeStamp of a new machine", m.ChangeStamp, 0},
		{"user", m.UserName(), "pa"},
		{"password never returned", string(m.Service(pcce.ServiceAdministration).Password), ""},
		{"application instance", m.ApplicationInstance().Name, "MultiChannel"},
		{"address resolved", net.ParseIP(m.Networks[0].Address) != nil, true},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: got %v, want %v", ck.what, ck.got, ck.want)
		}
	}

	for _, host := range []string{"ece-web-a", "ECE-WEB-A.example.com.", "ece-web-a.example.com"} {
		found, ok, err := c.FindMachine(ctx, pcce.TypeECEWebServer, host)
		if err != nil || !ok || found.RefURL != ref {
			t.Errorf("FindMachine(%q) = %v, %v, %v; want %s", host, found.RefURL, ok, err, ref)
		}
	}
	if _, ok, err := c.FindMachine(ctx, pcce.TypeECE, "ece-web-a"); ok || err != nil {
		t.Errorf("FindMachine found an ECE machine on the web server's host (err %v)", err)
	}

	m.SetCredentials("pa2", "")
	m.Description = "PA user changed"
	if err := c.UpdateMachine(ctx, m); err != nil {
		t.Fatal(err)
	}
	m2, err := c.GetMachine(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if m2.ChangeStamp != 1 || m2.UserName() != "pa2" || m2.Description != "PA user changed" {
		t.Errorf("after update: %+v", m2)
	}
}

func TestMachineStatusAlerts(t *testing.T) {
	tests := []struct {
		name       string
		opts       pccesim.Options
		password   string
		host       string
		wantAlerts []string
	}{
		{"accepted PA password", pccesim.Options{PAPassword: paPassword}, paPassword, "ece-web-a", nil},
		{"refused PA password", pccesim.Options{PAPassword: paPassword}, "Other-Secret-1x", "ece-web-a", []string{pcce.AlertInvalidCredentials}},
		{"host name that does not resolve", pccesim.Options{ResolvableHosts: []string{"ece.example.com"}}, paPassword, "ece-web-a", []string{pcce.AlertHostNotResolvable}},
		{"host name that resolves", pccesim.Options{ResolvableHosts: []string{"ECE-WEB-A.example.com"}}, paPassword, "ece-web-a", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, tt.opts)
			c, _ := newClient(t, sim, nil)
			ctx := context.Background()
			ref, err := c.CreateMachine(ctx, webServer("ece-web-a", tt.host, tt.password))
			if err != nil {
				t.Fatal(err)
			}
			st, err := c.MachineStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.ScanInfo.LastScan().IsZero() || st.ScanInfo.ScanState == "" {
				t.Errorf("no scan info: %+v", st.ScanInfo)
			}
			var types []string
			for _, a := range st.AlertsFor(pcce.Machine{RefURL: ref}) {
				for _, e := range a.Errors {
					types = append(types, e.Type)
				}
				if a.String() == "" {
					t.Error("alert without text")
				}
			}
			if !slices.Equal(types, tt.wantAlerts) {
				t.Errorf("alerts %v, want %v (all: %+v)", types, tt.wantAlerts, st.Alerts)
			}
			for _, a := range st.Alerts {
				if a.Machine.RefURL != ref {
					t.Errorf("alert about another machine: %+v", a)
				}
			}
		})
	}
}

func TestECEDataServer(t *testing.T) {
	tests := []struct {
		name    string
		strict  bool
		wantErr bool
	}{
		{"allowed by default", false, false},
		{"refused as the type table says", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{StrictECEType: tt.strict})
			c, _ := newClient(t, sim, nil)
			_, err := c.CreateMachine(context.Background(), pcce.NewECEDataServer("ece-data-a", "ece-data-a"))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
