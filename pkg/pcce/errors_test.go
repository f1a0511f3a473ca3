package pcce_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// TestAPIErrorsAreTyped drives every apiErrors path of the simulator
// through the client and checks the typed error and its text.
func TestAPIErrorsAreTyped(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		run        func(t *testing.T, c *pcce.Client, sim *pccesim.Server) error
		wantStatus int
		wantType   string
		wantIs     error
		wantText   []string
	}{
		{
			name: "bad name",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				_, err := c.CreateMachine(ctx, webServer("-ece web", "ece-web-a.example.com", paPassword))
				return err
			},
			wantStatus: 400, wantType: pcce.ErrTypeInvalidValue,
			wantText: []string{`pcce: creating ECE_WEB_SERVER machine "-ece web"`, "PCCE {aw} rejected the request (HTTP 400 on POST /unifiedconfig/config/machineinventory)", "invalidInput.invalidValue: name: must match [A-Za-z0-9][A-Za-z0-9._-]*"},
		},
		{
			name: "name too long",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				_, err := c.CreateMachine(ctx, webServer(strings.Repeat("a", 129), "ece-web-a.example.com", paPassword))
				return err
			},
			wantStatus: 400, wantType: pcce.ErrTypeFieldLengthExceeded,
			wantText: []string{"invalidInput.fieldLengthExceeded: name: must be at most 128 characters"},
		},
		{
			name: "duplicate host name",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				if _, err := c.CreateMachine(ctx, webServer("ece-web-a", "ece-web-a.example.com", paPassword)); err != nil {
					t.Fatal(err)
				}
				_, err := c.CreateMachine(ctx, webServer("ece-web-a2", "ECE-WEB-A.example.com.", paPassword))
				return err
			},
			wantStatus: 400, wantType: pcce.ErrTypeDuplicate, wantIs: pcce.ErrDuplicate,
			wantText: []string{"invalidInput.duplicate: hostName: a ECE_WEB_SERVER machine with host name ece-web-a.example.com exists"},
		},
		{
			name: "application instance in the wrong case",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				m := pcce.NewECEWebServer("ece-web-a", "ece-web-a.example.com", "pa", paPassword, pcce.Ref{Name: "Multichannel"})
				_, err := c.CreateMachine(ctx, m)
				return err
			},
			wantStatus: 400, wantType: pcce.ErrTypeInvalidReference,
			wantText: []string{`applicationInstance: no application instance is named "Multichannel"; names are case-sensitive (there is "MultiChannel")`},
		},
		{
			name: "missing PA password",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				_, err := c.CreateMachine(ctx, webServer("ece-web-a", "ece-web-a.example.com", ""))
				return err
			},
			wantStatus: 400, wantType: pcce.ErrTypeFieldRequired,
			wantText: []string{"invalidInput.fieldRequired: password"},
		},
		{
			name: "type not creatable",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				_, err := c.CreateMachine(ctx, pcce.Machine{Name: "pg-c", Type: pcce.TypeCCEPG, HostName: "pg-c"})
				return err
			},
			wantStatus: 400, wantType: pcce.ErrTypeOperationNotAllowed,
			wantText: []string{"machines of type CCE_PG cannot be created over the API"},
		},
		{
			name: "read-only MRD",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				mrds, err := c.ListMRDs(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range mrds {
					if m.Name == pcce.MRDNameEmail {
						m.Description = "changed"
						return c.UpdateMRD(ctx, m)
					}
				}
				t.Fatal("no ECE_Email MRD")
				return nil
			},
			wantStatus: 400, wantType: pcce.ErrTypeReadOnly, wantIs: pcce.ErrReadOnly,
			wantText: []string{"invalidInput.readOnly: mediaRoutingDomain: ECE_Email is a legacyMultichannel media routing domain; it is read-only over the API"},
		},
		{
			name: "stale changeStamp",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				ref, err := c.CreateMachine(ctx, webServer("ece-web-a", "ece-web-a", paPassword))
				if err != nil {
					t.Fatal(err)
				}
				m, err := c.GetMachine(ctx, ref)
				if err != nil {
					t.Fatal(err)
				}
				m.Description = "first"
				if err := c.UpdateMachine(ctx, m); err != nil {
					t.Fatal(err)
				}
				m.Description = "second, from a stale read"
				return c.UpdateMachine(ctx, m)
			},
			wantStatus: 409, wantType: pcce.ErrTypeChangeStampMismatch, wantIs: pcce.ErrConflict,
			wantText: []string{"HTTP 409 on PUT /unifiedconfig/config/machineinventory/", "changeStamp 0 is not the current 1"},
		},
		{
			name: "injected conflict",
			run: func(t *testing.T, c *pcce.Client, sim *pccesim.Server) error {
				ref, err := c.CreateMachine(ctx, webServer("ece-web-a", "ece-web-a", paPassword))
				if err != nil {
					t.Fatal(err)
				}
				m, err := c.GetMachine(ctx, ref)
				if err != nil {
					t.Fatal(err)
				}
				sim.ConflictNext(1)
				return c.UpdateMachine(ctx, m)
			},
			wantStatus: 409, wantType: pcce.ErrTypeChangeStampMismatch, wantIs: pcce.ErrConflict,
		},
		{
			name: "missing machine",
			run: func(t *testing.T, c *pcce.Client, _ *pccesim.Server) error {
				_, err := c.GetMachine(ctx, pcce.PathMachines+"/999999")
				return err
			},
			wantStatus: 404, wantType: pcce.ErrTypeNotFound, wantIs: pcce.ErrNotFound,
			wantText: []string{"PCCE {aw} has no such item (HTTP 404 on GET /unifiedconfig/config/machineinventory/999999)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, pccesim.Options{})
			c, _ := newClient(t, sim, nil)
			err := tt.run(t, c, sim)
			if err == nil {
				t.Fatal("no error")
			}
			var ae *pcce.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("%v: not an *APIError", err)
			}
			if ae.Status != tt.wantStatus || !ae.HasType(tt.wantType) {
				t.Errorf("status %d types %+v, want %d %s", ae.Status, ae.Errors, tt.wantStatus, tt.wantType)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(err, %v) is false for %v", tt.wantIs, err)
			}
			if tt.wantIs != pcce.ErrConflict && errors.Is(err, pcce.ErrConflict) {
				t.Errorf("%v matches ErrConflict", err)
			}
			for _, w := range tt.wantText {
				if w = atAW(t, sim, w); !strings.Contains(err.Error(), w) {
					t.Errorf("error\n  %v\nlacks\n  %s", err, w)
				}
			}
			// A rejected request is never retried.
			st := sim.Stats()
			if st.Failed != 0 {
				t.Errorf("faults injected: %+v", st)
			}
			if n := st.Count(http.MethodPost, pcce.PathMachines); n > 2 {
				t.Errorf("%d POSTs: a rejected create was retried", n)
			}
		})
	}
}

func TestUnauthorizedIsNotRetried(t *testing.T) {
	sim := newSim(t, pccesim.Options{})
	c, _ := newClient(t, sim, func(cfg *pcce.Config) { cfg.Password = "Wrong-Secret-77xq" })
	_, err := c.ListMachines(context.Background(), "")
	if !errors.Is(err, pcce.ErrUnauthorized) {
		t.Fatalf("got %v, want ErrUnauthorized", err)
	}
	if !strings.Contains(err.Error(), atAW(t, sim, "PCCE {aw} refused the credentials (HTTP 401 on GET /unifiedconfig/config/machineinventory)")) {
		t.Errorf("unclear error: %v", err)
	}
	if strings.Contains(err.Error(), "Wrong-Secret-77xq") {
		t.Errorf("error shows the password: %v", err)
	}
	if st := sim.Stats(); st.Unauthorized != 1 || st.Total != 1 {
		t.Errorf("stats %+v, want one unauthorised request", st)
	}
}
