package pcce

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/goldenfile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got, *update)
}

func TestRequestBodiesGolden(t *testing.T) {
	ai := Ref{RefURL: PathApplicationInstances + "/5000", Name: "MultiChannel"}
	web := NewECEWebServer("ece-web-a", "ece-web-a.example.com", "pa", "example-only", ai)
	web.RefURL, web.ChangeStamp = PathMachines+"/5011", 3 // dropped on create
	read := web.Clone()
	read.SetCredentials("pa2", "") // an update that keeps the stored password
	tests := []struct {
		name        string
		m           Machine
		create      bool
		wantSecrets int
	}{
		{"create_ece_web_server.xml", web, true, 1},
		{"create_ece_data_server.xml", NewECEDataServer("ece-data-a", "ece-data-a.example.com"), true, 0},
		{"update_ece_web_server.xml", read, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, secrets, err := encode(tt.m, tt.create)
			if err != nil {
				t.Fatal(err)
			}
			if len(secrets) != tt.wantSecrets {
				t.Errorf("secrets %d, want %d", len(secrets), tt.wantSecrets)
			}
			golden(t, tt.name, append(body, '\n'))
		})
	}
}

// TestDocumentedExamplesDecode reads the developer reference's example
// answers.
func TestDocumentedExamplesDecode(t *testing.T) {
	read := func(name string, v any) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(data, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	var m Machine
	read("doc_machine_get.xml", &m)
	if m.ChangeStamp != 4 || m.Type != TypeCCEAW || m.HostName != "CCE-AW-1-21" || m.Name != "WJ2-AW-1" ||
		m.VMHost == nil || m.VMHost.Name != "sideA" || m.VersionInfo.Version != "11.0(1)" {
		t.Errorf("machine: %+v", m)
	}
	s := m.Service(ServiceDiagnosticPortal)
	if s == nil || s.Port != 7890 || s.UserName != "user@domain" || s.Status != "OUT_OF_SYNC" {
		t.Errorf("service: %+v", s)
	}
	if s != nil && s.Password != "" {
		t.Errorf("a masked password was read: %q", string(s.Password))
	}

	var st MachineStatus
	read("doc_status.xml", &st)
	if len(st.Alerts) != 1 || st.Alerts[0].Errors[0].Type != AlertMissingMachine ||
		st.Alerts[0].Machine.Type != "CM_PUBLISHER" || st.ScanInfo.LastScan().Year() != 2013 {
		t.Errorf("status: %+v", st)
	}
	if got := st.AlertsFor(Machine{Type: "CM_PUBLISHER"}); len(got) != 0 {
		t.Errorf("an alert without name matched a machine without refURL: %+v", got)
	}

	var p mrdPage
	read("doc_mrd_list.xml", &p)
	info, mrds := p.page()
	if info != nil || len(mrds) != 2 || mrds[0].Name != "Chat_Task_MRD" || mrds[0].ID != 5001 ||
		mrds[1].Type != MRDVoice || !mrds[1].Type.ReadOnly() || mrds[1].MediaClass.Name != "Cisco_Voice" {
		t.Errorf("MRDs: %+v %+v", info, mrds)
	}

	var ae APIErrors
	read("doc_apierrors.xml", &ae)
	if len(ae.Errors) != 1 || ae.Errors[0].Type != ErrTypeOutOfRange || ae.Errors[0].Detail.Max != "100" {
		t.Errorf("apiErrors: %+v", ae)
	}
}

func TestAPIErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *APIError
		want string
		is   []error
	}{
		{
			name: "validation",
			err: &APIError{Status: 400, Method: "POST", Path: PathMachines, Errors: []ErrorItem{
				{Type: ErrTypeInvalidValue, Data: "name", Message: "must match ..."},
				{Type: ErrTypeDuplicate, Data: "hostName"},
			}},
			want: "PCCE rejected the request (HTTP 400 on POST /unifiedconfig/config/machineinventory): invalidInput.invalidValue: name: must match ...; invalidInput.duplicate: hostName",
			is:   []error{ErrDuplicate},
		},
		{
			name: "names the AW that answered",
			err:  &APIError{Server: "aw1.example.com:443", Status: 401, Method: "GET", Path: PathMachines},
			want: "PCCE aw1.example.com:443 refused the credentials (HTTP 401 on GET /unifiedconfig/config/machineinventory)",
			is:   []error{ErrUnauthorized},
		},
		{
			name: "conflict by status only",
			err:  &APIError{Status: 409, Method: "PUT", Path: PathMachines + "/1"},
			want: "PCCE rejected the request (HTTP 409 on PUT /unifiedconfig/config/machineinventory/1)",
			is:   []error{ErrConflict},
		},
		{
			name: "conflict by error type only",
			err:  &APIError{Status: 400, Method: "PUT", Path: "/x", Errors: []ErrorItem{{Type: "INVALIDINPUT.CHANGESTAMPMISMATCH"}}},
			want: "PCCE rejected the request (HTTP 400 on PUT /x): INVALIDINPUT.CHANGESTAMPMISMATCH",
			is:   []error{ErrConflict},
		},
		{
			name: "forbidden",
			err:  &APIError{Status: 403, Method: "GET", Path: "/x"},
			want: "PCCE refused the user's permissions (HTTP 403 on GET /x)",
			is:   []error{ErrUnauthorized},
		},
		{
			name: "server error page",
			err:  &APIError{Status: 502, Method: "GET", Path: "/x", Body: "Bad Gateway"},
			want: "PCCE failed to answer the request (HTTP 502 on GET /x): Bad Gateway",
		},
	}
	all := []error{ErrConflict, ErrNotFound, ErrUnauthorized, ErrDuplicate, ErrReadOnly, ErrTimeout, ErrUntrusted}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			for _, target := range all {
				want := false
				for _, w := range tt.is {
					want = want || w == target
				}
				if got := errors.Is(tt.err, target); got != want {
					t.Errorf("errors.Is(%v) = %v, want %v", target, got, want)
				}
			}
		})
	}
}

func TestStatusErrorsAreRedacted(t *testing.T) {
	c := &Client{password: "Api-Secret-9f3Kq"}
	rq := &request{method: http.MethodPost, path: PathMachines, secrets: []string{"Pa-Secret-4Tz8w"}}
	tests := []struct {
		name string
		body string
	}{
		{"apiErrors echoing the input", `<apiErrors><apiError><errorType>x</errorType><errorData>Pa-Secret-4Tz8w</errorData>` +
			`<errorMessage>bad password Pa-Secret-4Tz8w for Api-Secret-9f3Kq</errorMessage></apiError></apiErrors>`},
		{"error page echoing the input", `<html><body>password=Pa-Secret-4Tz8w</body></html>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.statusError(rq, 400, []byte(tt.body))
			s := err.Error()
			if bytes.Contains([]byte(s), []byte("Secret")) {
				t.Errorf("not redacted: %s", s)
			}
			if !bytes.Contains([]byte(s), []byte("******")) {
				t.Errorf("no mask where the secret was: %s", s)
			}
		})
	}
}
