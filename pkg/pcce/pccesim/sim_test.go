package pccesim

import (
	"context"
	"crypto/tls"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

const testPassword = "Sim-Secret-31vB"

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Password == "" {
		opts.Password = testPassword
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// raw sends one request with the simulator's credentials (auth false:
// none) and returns the status and body.
func raw(t *testing.T, s *Server, method, path, body string, auth bool) (int, string) {
	t.Helper()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.CertPool(), MinVersion: tls.VersionTLS12}}}
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth {
		req.SetBasicAuth(DefaultUser, testPassword)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func client(t *testing.T, s *Server) *pcce.Client {
	t.Helper()
	c, err := pcce.New(pcce.Config{BaseURL: s.URL(), User: DefaultUser, Password: testPassword, RootCAs: s.CertPool(), Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRequests(t *testing.T) {
	s := start(t, Options{Machines: GenerateMachines(60, pcce.TypeECEWebServer, "ece-web", "example.com")})
	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		noAuth     bool
		wantStatus int
		want       []string
	}{
		{name: "no credentials", method: "GET", path: pcce.PathMachines, noAuth: true, wantStatus: 401},
		{name: "default page size", method: "GET", path: pcce.PathMachines, wantStatus: 200,
			want: []string{"<resultsPerPage>25</resultsPerPage>", "<totalResults>68</totalResults>", "<startIndex>0</startIndex>", "<nextPage>https://", "startIndex=25"}},
		{name: "last page has no next", method: "GET", path: pcce.PathMachines + "?startIndex=60&resultsPerPage=10", wantStatus: 200,
			want: []string{"<startIndex>60</startIndex>", "<prevPage>", "<lastPage>"}},
		{name: "past the end: the last full page", method: "GET", path: pcce.PathMachines + "?startIndex=1000&resultsPerPage=30", wantStatus: 200,
			want: []string{"<startIndex>38</startIndex>", "<name>ece-web-060</name>"}},
		{name: "more than 100 per page", method: "GET", path: pcce.PathMachines + "?resultsPerPage=101", wantStatus: 400,
			want: []string{"<errorType>invalidInput.outOfRange</errorType>", "<errorData>resultsPerPage</errorData>", "<min>1</min>", "<max>100</max>"}},
		{name: "zero per page", method: "GET", path: pcce.PathMachines + "?resultsPerPage=0", wantStatus: 400, want: []string{"invalidInput.outOfRange"}},
		{name: "negative start", method: "GET", path: pcce.PathMachines + "?startIndex=-1", wantStatus: 400, want: []string{"invalidInput.outOfRange"}},
		{name: "type search", method: "GET", path: pcce.PathMachines + "?q=types:(CCE_PG)", wantStatus: 200,
			want: []string{"<totalResults>2</totalResults>", "<searchTerm>types:(CCE_PG)</searchTerm>"}},
		{name: "unknown search parameter", method: "GET", path: pcce.PathMachines + "?q=colour:red", wantStatus: 400, want: []string{"invalidInput.invalidSearch"}},
		{name: "unbalanced search", method: "GET", path: pcce.PathMachines + "?q=types:(ECE", wantStatus: 400, want: []string{"unbalanced parentheses"}},
		{name: "non-voice MRDs", method: "GET", path: pcce.PathMRDs + "?q=nonVoiceOnly:true", wantStatus: 200, want: []string{"<totalResults>3</totalResults>"}},
		{name: "status", method: "GET", path: pcce.PathMachineStatus, wantStatus: 200, want: []string{"<scanState>Idle</scanState>"}},
		{name: "unknown path", method: "GET", path: "/unifiedconfig/config/nothing", wantStatus: 404, want: []string{"<errorType>notFound</errorType>"}},
		{name: "missing machine", method: "GET", path: pcce.PathMachines + "/1", wantStatus: 404},
		{name: "method not allowed", method: "DELETE", path: pcce.PathMachines, wantStatus: 405},
		{name: "not XML", method: "POST", path: pcce.PathMachines, body: "{}", wantStatus: 400, want: []string{"invalidInput.malformedRequest"}},
		{name: "wrong root", method: "POST", path: pcce.PathMachines, body: "<mediaRoutingDomain/>", wantStatus: 400, want: []string{"invalidInput.malformedRequest"}},
		{name: "unknown type", method: "POST", path: pcce.PathMachines, body: "<machine><name>x</name><type>TOASTER</type><hostName>x</hostName></machine>",
			wantStatus: 400, want: []string{`unknown machine type &#34;TOASTER&#34;`}},
		{name: "bad host name", method: "POST", path: pcce.PathMachines, body: "<machine><name>x</name><type>ECE</type><hostName>a_b</hostName></machine>",
			wantStatus: 400, want: []string{"<errorData>hostName</errorData>"}},
		{name: "update without changeStamp", method: "PUT", path: pcce.PathMachines + "/5005", body: "<machine><description>x</description></machine>",
			wantStatus: 400, want: []string{"<errorType>invalidInput.fieldRequired</errorType>", "<errorData>changeStamp</errorData>"}},
		{name: "update of a read-only type", method: "PUT", path: pcce.PathMachines + "/5006", body: "<machine><changeStamp>0</changeStamp></machine>",
			wantStatus: 400, want: []string{"invalidInput.operationNotAllowed"}},
		{name: "delete of a seeded core machine", method: "DELETE", path: pcce.PathMachines + "/5005", wantStatus: 400, want: []string{"cannot be deleted"}},
		{name: "delete of the voice MRD", method: "DELETE", path: pcce.PathMRDs + "/5001", wantStatus: 400, want: []string{"invalidInput.readOnly", "Cisco_Voice is a voice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := raw(t, s, tt.method, tt.path, tt.body, !tt.noAuth)
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d; body:\n%s", status, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			if tt.method == "GET" && strings.Contains(tt.path, "resultsPerPage=10") && strings.Contains(body, "<nextPage>") {
				t.Errorf("last page has a nextPage:\n%s", body)
			}
		})
	}
	if st := s.Stats(); st.Unauthorized != 1 || st.CleartextServed != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestStatePersistsWithoutSecrets(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pcce.json")
	s := start(t, Options{StateFile: file, PAPassword: "Pa-Secret-zz81"})
	c := client(t, s)
	ctx := context.Background()
	ref, err := c.CreateMachine(ctx, pcce.NewECEWebServer("ece-web-a", "ece-web-a", "pa", "Pa-Secret-zz81",
		pcce.Ref{Name: DefaultApplicationInstance}))
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.GetMachine(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	m.Description = "kept"
	if err := c.UpdateMachine(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "Pa-Secret") || strings.Contains(string(data), testPassword) {
		t.Fatalf("the state file holds a password:\n%s", data)
	}

	// A second run reads the state; seeding options no longer apply.
	s2 := start(t, Options{StateFile: file, PAPassword: "Pa-Secret-zz81", ApplicationInstance: "Other"})
	got, err := client(t, s2).GetMachine(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != "kept" || got.ChangeStamp != 1 || got.ApplicationInstance().Name != DefaultApplicationInstance {
		t.Errorf("after a restart: %+v", got)
	}
	st, err := client(t, s2).MachineStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Alerts) != 0 {
		t.Errorf("credentials validity lost across runs: %+v", st.Alerts)
	}
	snap := s2.Snapshot()
	if snap.Version != storeVersion || len(snap.Machines) != 9 || snap.NextID <= firstID {
		t.Errorf("snapshot %+v", snap)
	}
}

func TestBadStateFile(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"not JSON", "{", "is not valid JSON"},
		{"other version", `{"version": 99}`, "has format version 99, want 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "pcce.json")
			if err := os.WriteFile(file, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := New(Options{Password: testPassword, StateFile: file})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func TestNewNeedsAPassword(t *testing.T) {
	if _, err := New(Options{}); err == nil || !strings.Contains(err.Error(), "Options.Password is empty") {
		t.Errorf("err %v", err)
	}
}

func TestBadSeedMachine(t *testing.T) {
	_, err := New(Options{Password: testPassword, Machines: []pcce.Machine{{Name: "-x", Type: pcce.TypeECE, HostName: "x"}}})
	if err == nil || !strings.Contains(err.Error(), "Options.Machines[0] (-x): invalidInput.invalidValue: name") {
		t.Errorf("err %v", err)
	}
}

func TestStatKey(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"GET", pcce.PathMachines, "GET /unifiedconfig/config/machineinventory"},
		{"PUT", pcce.PathMachines + "/5001", "PUT /unifiedconfig/config/machineinventory/{id}"},
		{"GET", pcce.PathMachines + "/5001/stats", "GET /unifiedconfig/config/machineinventory/{id}/stats"},
		{"GET", pcce.PathMachineStatus, "GET /unifiedconfig/config/machineinventory/status"},
	}
	for _, tt := range tests {
		if got := statKey(tt.method, tt.path); got != tt.want {
			t.Errorf("statKey(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

// TestKnobsWhileServing changes faults from several goroutines while
// requests run (meaningful under -race) and checks the counters add up.
func TestKnobsWhileServing(t *testing.T) {
	s := start(t, Options{})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 20 {
				s.SetLatency(time.Duration(j%2) * time.Millisecond)
				s.SetFailRate(float64(i) / 10)
				s.ConflictNext(1)
				_ = s.Stats()
			}
		})
		wg.Go(func() {
			for range 10 {
				raw(t, s, "GET", pcce.PathMRDs, "", true)
			}
		})
	}
	wg.Wait()
	s.ResetFaults()
	st := s.Stats()
	if st.Total != 40 || st.Count("GET", pcce.PathMRDs) != 40 {
		t.Errorf("stats %+v, want 40 requests", st)
	}
	status, _ := raw(t, s, "GET", pcce.PathMRDs, "", true)
	if status != 200 {
		t.Errorf("after ResetFaults: %d", status)
	}
}

func TestListsDecodeAsTheClientReadsThem(t *testing.T) {
	s := start(t, Options{})
	_, body := raw(t, s, "GET", pcce.PathApplicationInstances, "", true)
	var l pcce.ApplicationInstanceList
	if err := xml.Unmarshal([]byte(body), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Instances) != 1 || l.Instances[0].Name != DefaultApplicationInstance || l.PageInfo.TotalResults != 1 {
		t.Errorf("list %+v", l)
	}
	status, body := raw(t, s, "GET", l.Instances[0].RefURL, "", true)
	if status != 200 || !strings.Contains(body, "<name>MultiChannel</name>") {
		t.Errorf("get %d %s", status, body)
	}
}

func TestSeedAssociations(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		want    map[string]string // MRD → application instance
		wantErr string
	}{
		{
			name: "default",
			want: map[string]string{pcce.MRDNameEmail: "MultiChannel", pcce.MRDNameChat: "MultiChannel", pcce.MRDNameOutbound: "MultiChannel", "Cisco_Voice": ""},
		},
		{
			name: "ECE_Chat on another instance",
			opts: Options{MoreApplicationInstances: []string{"UQ_MultiChannel"}, MRDInstances: map[string]string{pcce.MRDNameChat: "UQ_MultiChannel"}},
			want: map[string]string{pcce.MRDNameEmail: "MultiChannel", pcce.MRDNameChat: "UQ_MultiChannel", pcce.MRDNameOutbound: "MultiChannel", "Cisco_Voice": ""},
		},
		{
			name:    "instance not seeded",
			opts:    Options{MRDInstances: map[string]string{pcce.MRDNameChat: "Nope"}},
			wantErr: `Options.MRDInstances[ECE_Chat]: no application instance "Nope" is seeded`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Password = testPassword
			s, err := New(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			snap := s.Snapshot()
			got := map[string]string{}
			for _, m := range snap.MRDs {
				got[m.Name] = ""
				if ai := snap.appInstance(m.ApplicationInstanceID); ai != nil {
					got[m.Name] = ai.Name
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("MRDs %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("MRD %s → %q, want %q", k, got[k], v)
				}
			}
		})
	}
}
