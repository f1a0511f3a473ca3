package pcce_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// TestSecretsNeverShown provokes every kind of failure and checks that
// neither the API password nor a PA password reaches an error text or a
// log entry, and that no log entry mentions an Authorization header.
func TestSecretsNeverShown(t *testing.T) {
	sim := newSim(t, pccesim.Options{PAPassword: paPassword})
	other := newSim(t, pccesim.Options{})
	ctx := context.Background()
	var texts []string

	c, logs := newClient(t, sim, func(cfg *pcce.Config) { cfg.Retries = 1 })
	provoke := []func() error{
		func() error { _, err := c.CreateMachine(ctx, webServer("-bad", "ece-web-a", paPassword)); return err },
		func() error {
			_, err := c.CreateMachine(ctx, webServer("ece-web-a", "ece-web-a", "Other-Secret-1x"))
			return err
		},
		func() error {
			_, err := c.CreateMachine(ctx, webServer("ece-web-a", "ece-web-a", paPassword))
			return err
		},
		func() error {
			sim.FailNext(5, http.StatusInternalServerError)
			_, err := c.CreateMachine(ctx, webServer("ece-web-b", "ece-web-b", paPassword))
			sim.ResetFaults()
			return err
		},
		func() error {
			sim.DropNext(http.MethodPost, 1, pccesim.DropAfter)
			_, err := c.CreateMachine(ctx, webServer("ece-web-c", "ece-web-c", paPassword))
			return err
		},
		func() error {
			sim.SetHang(true)
			defer sim.SetHang(false)
			short, _ := newClient(t, sim, func(cfg *pcce.Config) { cfg.Timeout = 10 * time.Millisecond; cfg.Retries = -1 })
			_, err := short.CreateMachine(ctx, webServer("ece-web-d", "ece-web-d", paPassword))
			return err
		},
		func() error {
			wrongCA, _ := newClient(t, sim, func(cfg *pcce.Config) { cfg.RootCAs = other.CertPool() })
			_, err := wrongCA.CreateMachine(ctx, webServer("ece-web-e", "ece-web-e", paPassword))
			return err
		},
		func() error {
			wrongPassword, _ := newClient(t, sim, func(cfg *pcce.Config) { cfg.Password = apiPassword + "x" })
			_, err := wrongPassword.ListMachines(ctx, "")
			return err
		},
	}
	for i, p := range provoke {
		if err := p(); err != nil {
			texts = append(texts, fmt.Sprintf("error %d: %v", i, err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	if len(texts) < 6*3 {
		t.Fatalf("only %d error texts: the failures were not provoked", len(texts))
	}
	for _, e := range logs.All() {
		texts = append(texts, e.Message, fmt.Sprint(e.ContextMap()))
	}
	for _, s := range texts {
		for _, secret := range []string{apiPassword, paPassword, "Authorization", "Basic "} {
			if strings.Contains(s, secret) {
				t.Errorf("%q shows %q", s, secret)
			}
		}
	}
	if logs.Len() == 0 {
		t.Error("no log entries: the logger was not used")
	}
}

func TestPasswordNeverPrinted(t *testing.T) {
	m := webServer("ece-web-a", "ece-web-a.example.com", paPassword)
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		if s := fmt.Sprintf(format, m); strings.Contains(s, paPassword) || strings.Contains(s, fmt.Sprintf("%x", paPassword)) {
			t.Errorf("%s shows the password: %s", format, s)
		}
	}
	if strings.Contains(string(js), paPassword) {
		t.Errorf("JSON shows the password: %s", js)
	}
	if got := string(m.Service(pcce.ServiceAdministration).Password); got != paPassword {
		t.Errorf("the password to send is %q", got)
	}
}
