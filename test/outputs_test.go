package test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/views/promtext"
)

// The Markdown plan for a change ticket quotes the SHA-256 of the plan
// file it was saved with, and that file is the one apply takes.
func TestPlanMarkdownQuotesPlanFile(t *testing.T) {
	r := newRunner(t)
	_, spec := serveLab(t, r)
	dir := t.TempDir()

	planFile := filepath.Join(dir, "CHG-1234.plan")
	res := r.expect(0, "plan", "-f", spec, "--format", "markdown", "--out", planFile)
	sum := fileSHA256(t, planFile)
	for _, want := range []string{
		"# Change plan: environment `lab`",
		"| Plan file SHA-256 | `" + sum + "` |",
		"\n" + sum + "\n", // alone in a code block, to copy
		"## Servers",
		"| `ads-a` | 2 update |",
		"> [!WARNING]",
		"`ece_ucce_integration.ucce[ECE]`",
		"does **not** record this consent",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("the Markdown plan lacks %q:\n%s", want, res)
		}
	}

	// With consent recorded, the quoted file is the one applied.
	consented := filepath.Join(dir, "CHG-1235.plan")
	res = r.expect(0, "plan", "-f", spec, "--format", "markdown", "--out", consented, "--allow-irreversible")
	sum = fileSHA256(t, consented)
	if !strings.Contains(res.stdout, "| Plan file SHA-256 | `"+sum+"` |") || !strings.Contains(res.stdout, "**The plan file records this consent**") {
		t.Errorf("the Markdown plan should quote %s and the recorded consent:\n%s", sum, res)
	}
	r.expect(0, "apply", consented)
	res = r.expect(0, "plan", "-f", spec, "--format", "markdown")
	if !strings.Contains(res.stdout, "No changes. Reality matches the spec.") || !strings.Contains(res.stdout, "No plan file was saved") {
		t.Errorf("after apply the Markdown plan should be empty and say how to save one:\n%s", res)
	}
}

// drift --format prometheus --out writes a report the textfile collector
// can read, replaced whole at each run, that names a resource broken by
// hand; apply's progress without a terminal is one line per resource.
func TestDriftPrometheusOut(t *testing.T) {
	r := newRunner(t)
	dir, spec := serveLab(t, r)
	res := r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	progress := regexp.MustCompile(`(?m)^applied [a-z_]+\.[a-z_]+(\[[A-Za-z0-9-]+\])? [0-9.]+(µs|ms|s)$`)
	if n := len(progress.FindAllString(res.stdout, -1)); n < 20 {
		t.Errorf("want a progress line per applied resource, found %d:\n%s", n, res)
	}
	if strings.Contains(res.stdout, "\x1b[") {
		t.Errorf("escape sequences in progress without a terminal:\n%q", res.stdout)
	}

	out := filepath.Join(t.TempDir(), "ecereconcile.prom")
	res = r.expect(0, "drift", "-f", spec, "--format", "prometheus", "--out", out)
	if res.stdout != "" {
		t.Errorf("with --out nothing goes to stdout:\n%s", res)
	}
	drift, success := readDriftProm(t, out)
	for res, v := range drift {
		if v != 0 {
			t.Errorf("in sync after apply, yet %s has drift %v", res, v)
		}
	}
	if len(drift) < 20 || success != 1 {
		t.Errorf("%d resources, success %v; want every resource and 1", len(drift), success)
	}

	spog := local(dir, "ece-web-a", spogPath)
	b, err := os.ReadFile(spog)
	if err != nil {
		t.Fatal(err)
	}
	broken := regexp.MustCompile(`(?m)^var web_server_protocol = "https";`).ReplaceAllString(string(b), `var web_server_protocol = "http";`)
	if broken == string(b) {
		t.Fatalf("no https protocol line in %s:\n%s", spog, b)
	}
	if err := os.WriteFile(spog, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	res = r.expect(2, "drift", "-f", spec, "--format", "prometheus", "--out", out)
	const name = "spog_config.spog_config[ece-web-a]"
	// What a scheduler mails: the report is in the file, stderr names
	// what drifted, stdout stays empty.
	if want := "ecereconcile: drift: " + name + ": drift (ProtocolDiffers)"; !strings.Contains(res.stderr, want) || res.stdout != "" {
		t.Errorf("drift --out: want %q on stderr and nothing on stdout:\n%s", want, res)
	}
	drift, success = readDriftProm(t, out)
	if drift[name] != 1 || success != 1 {
		t.Errorf("%s: drift %v, success %v; want 1 and 1", name, drift[name], success)
	}
	for res, v := range drift {
		if res != name && v != 0 {
			t.Errorf("only %s was broken, yet %s has drift %v", name, res, v)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*tmp*")); len(m) > 0 {
		t.Errorf("temporary files left next to the report: %v", m)
	}

	// --out works for every format; a missing folder fails before reading.
	jsonOut := filepath.Join(t.TempDir(), "drift.json")
	r.expect(2, "drift", "-f", spec, "--format", "json", "--out", jsonOut)
	var doc struct {
		Drifted int `json:"drifted"`
	}
	if b, err := os.ReadFile(jsonOut); err != nil || json.Unmarshal(b, &doc) != nil || doc.Drifted != 1 {
		t.Errorf("drift --format json --out: %v, %s", err, b)
	}
	res = r.expect(1, "drift", "-f", spec, "--format", "prometheus", "--out", filepath.Join(t.TempDir(), "missing", "x.prom"))
	if !strings.Contains(res.stderr, "does not exist") {
		t.Errorf("want the missing folder named:\n%s", res)
	}
}

// Each command accepts exactly its formats and names them when refusing.
func TestFormatsPerCommand(t *testing.T) {
	r := newRunner(t)
	tests := map[string]struct {
		args []string
		want string
	}{
		"plan":  {[]string{"plan", "-f", "spec.yaml", "--format", "prometheus"}, "(want text, json or markdown)"},
		"drift": {[]string{"drift", "-f", "spec.yaml", "--format", "markdown"}, "(want text, json or prometheus)"},
		"apply": {[]string{"apply", "-f", "spec.yaml", "--format", "markdown"}, "(want text or json)"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			res := r.expect(1, tt.args...)
			if !strings.Contains(res.stderr, tt.want) {
				t.Errorf("want %q in the error:\n%s", tt.want, res)
			}
		})
	}
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// readDriftProm parses a Prometheus drift report: the drift gauge per
// resource, and the success gauge.
func readDriftProm(t *testing.T, path string) (drift map[string]float64, success float64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := promtext.Parse(string(b))
	if err != nil {
		t.Fatalf("%s: %v\n%s", path, err, b)
	}
	drift = map[string]float64{}
	success = -1
	for _, s := range samples {
		switch s.Name {
		case "ecereconcile_drift_resource":
			drift[s.Labels["resource"]] = s.Value
		case "ecereconcile_drift_check_success":
			success = s.Value
		}
	}
	return drift, success
}
