package verify

import (
	"bytes"
	"encoding/json"
	"flag"
	"github.com/ecereconcile/ecereconcile/internal/views"
	"path/filepath"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/goldenfile"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got, *update)
}

// sampleReport has one result of each status, as the lab gives them.
func sampleReport() Report {
	return Report{
		Environment: "lab", SpecFile: "lab/spec.yaml", ToolVersion: "v0.9.0", FQDN: "ece.lab.example.com",
		CheckedAt: testNow, Duration: 1234 * time.Millisecond,
		Results: []Result{
			{Check: CheckPKIX, Subject: "ece-web-a → ads-a", Status: Fail, Code: PKIXPathBuildingFailed,
				Summary: "the chain ece-web-a presents, CN=ece.lab.example.com (SHA-256 72FE0CE3E33F3D45…), does not build to any of the 5 trusted certificates of ads-a's C:\\cacerts",
				Symptom: symptomPKIX,
				Fix:     "run ecereconcile apply -f lab/spec.yaml (converges keystore.ads_cacerts[ads-a]); by hand: import the ECE web certificate"},
			{Check: CheckPKIX, Subject: "ece-web-a → ads-b", Status: Pass,
				Summary: "ece-web-a presents CN=ece.lab.example.com (SHA-256 72FE0CE3E33F3D45…), trusted by ads-b as alias ece.lab.example.com"},
			{Check: CheckCiscoService, Subject: "ece-data", Status: Error, Code: Unavailable,
				Summary: "the state of Cisco Service on ece-data could not be read: winrm: connection refused"},
			{Check: CheckAgentChannels, Subject: "ECE email and chat", Status: Skip, Code: ManualConsole,
				Summary: "ECE_Email and ECE_Chat are associated with MultiChannel; with the manual ECE backend only a person can see whether an agent can be enabled",
				Fix:     consoleSteps},
		},
	}
}

func TestText(t *testing.T) {
	for name, rep := range map[string]Report{"report.txt": sampleReport(), "ok.txt": {Environment: "lab", FQDN: "ece.lab.example.com",
		Results: sampleReport().Results[1:2]}} {
		var b bytes.Buffer
		if err := Text(&b, rep); err != nil {
			t.Fatal(err)
		}
		golden(t, name, b.Bytes())
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sampleReport(), views.JSON); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", b.Bytes())
	var doc struct {
		FormatVersion int            `json:"format_version"`
		OK            bool           `json:"ok"`
		Counts        map[string]int `json:"counts"`
		Results       []map[string]any
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.FormatVersion != FormatVersion || doc.OK || doc.Counts["fail"] != 1 || doc.Counts["pass"] != 1 || len(doc.Results) != 4 {
		t.Errorf("document %+v", doc)
	}
	if _, has := doc.Results[1]["code"]; has {
		t.Error("a pass has a code")
	}
}

func TestJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, Report{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte(`"results": []`)) {
		t.Errorf("no results is not an empty list:\n%s", b.Bytes())
	}
}

func TestStatusWords(t *testing.T) {
	for s, want := range map[Status]string{Pass: "pass ✓", Fail: "fail ✗", Skip: "skip -", Error: "error ✗", 0: "Status(0) ✗"} {
		if got := s.String() + " " + s.Mark(); got != want {
			t.Errorf("%d: %q, want %q", int(s), got, want)
		}
	}
}
