package views

import (
	"bytes"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/goldenfile"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got, *update)
}

func addr(s string) resources.Addr {
	a, err := resources.ParseAddr(s)
	if err != nil {
		panic(err)
	}
	return a
}

// samplePlan has one of everything a view must render.
func samplePlan() *plan.Plan {
	ks := addr("keystore.ads_cacerts[ads-a]")
	created := addr("keystore.ece_ad_keystore[ece-app-a]")
	spog := addr("spog_config.spog_config[ece-web-a]")
	tomcat := addr("service.ads_tomcat[ads-a]")
	broken := addr("keystore.ads_cacerts[ads-b]")
	skipped := addr("service.ads_tomcat[ads-b]")
	same := addr("spog_config.spog_config[ece-web-b]")
	irr := addr("ece_ucce_integration.main")
	return &plan.Plan{Items: []*plan.Item{
		{Addr: ks, Fingerprint: "sha256:aa", Change: resources.Change{Addr: ks, Action: resources.Update,
			Before:  resources.Attrs{"path": resources.V(`C:\jre\cacerts`), "unmanaged entries": resources.V("5")},
			After:   resources.Attrs{"path": resources.V(`C:\jre\cacerts`), "unmanaged entries": resources.V("5"), "entry[ece.example.com]": resources.V("SHA256 AB:CD")},
			Reasons: []resources.Reason{{Code: "EntryMissing", Message: `alias "ece.example.com" is missing`}}}},
		{Addr: created, Fingerprint: "sha256:bb", Change: resources.Change{Addr: created, Action: resources.Create,
			After:   resources.Attrs{"path": resources.V(`C:\ece\pcce\mydomain.jks`), "password": {S: "env:ECE_KS_PASS", Sensitive: true}, "thumbprint": resources.UnknownValue()},
			Reasons: []resources.Reason{{Code: "StoreMissing", Message: "it will be created"}}}},
		{Addr: spog, Fingerprint: "sha256:cc", Change: resources.Change{Addr: spog, Action: resources.Update,
			Before: resources.Attrs{"web_server_protocol": resources.V("http")},
			After:  resources.Attrs{"web_server_protocol": resources.V("https")}}},
		{Addr: tomcat, Triggers: []resources.Trigger{{From: ks}}, Change: resources.Change{Addr: tomcat, Action: resources.Update,
			Before: resources.Attrs{"running": resources.V("true")}, After: resources.Attrs{"running": resources.V("true"), "restart": resources.V("yes")},
			Reasons: []resources.Reason{{Code: "Notified", Message: "keystore.ads_cacerts[ads-a] changed"}}}},
		{Addr: irr, Change: resources.Change{Addr: irr, Action: resources.Create, Irreversible: true,
			After: resources.Attrs{"application instance": resources.V("MultiChannel")}}},
		{Addr: broken, Err: errors.New("reading: C:\\jre\\cacerts: wrong keystore password")},
		{Addr: skipped, Skipped: true, SkipReason: plan.SkipUpstreamFailed},
		{Addr: same, Current: resources.State{Warnings: []string{"certificate also present under alias old"}}, Change: resources.NoChange(same, resources.State{})},
	}}
}

func meta() Meta {
	return Meta{Environment: "lab", SpecFile: "lab/spec.yaml", SpecHash: "sha256:spec", ToolVersion: "v-test",
		Describe: func(a resources.Addr) string {
			if a.Kind == "keystore" {
				return "a keystore on " + a.Host
			}
			return ""
		}}
}

func TestPlanViews(t *testing.T) {
	tests := map[string]func(*bytes.Buffer) error{
		"plan.txt":  func(b *bytes.Buffer) error { return PlanText(b, samplePlan(), meta()) },
		"plan.json": func(b *bytes.Buffer) error { return PlanJSON(b, samplePlan(), meta()) },
		"drift.txt": func(b *bytes.Buffer) error {
			return DriftText(b, samplePlan(), meta(), DriftReport{})
		},
		"drift.json": func(b *bytes.Buffer) error {
			return DriftJSON(b, samplePlan(), meta(), DriftReport{CheckedAt: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), Duration: 1500 * time.Millisecond})
		},
		"noop.txt": func(b *bytes.Buffer) error { return PlanText(b, &plan.Plan{}, meta()) },
		"plan.md":  func(b *bytes.Buffer) error { return PlanMarkdown(b, samplePlan(), meta(), nil) },
		"plan_saved.md": func(b *bytes.Buffer) error {
			return PlanMarkdown(b, ticketPlan(), meta(), &PlanFile{Path: "tickets/CHG-1234.plan", SHA256: strings.Repeat("ab", 32)})
		},
		"plan_consent.md": func(b *bytes.Buffer) error {
			return PlanMarkdown(b, ticketPlan(), meta(), &PlanFile{Path: "my plan.bin", SHA256: strings.Repeat("cd", 32), AllowIrreversible: true})
		},
		"plan_unsaved.md": func(b *bytes.Buffer) error { return PlanMarkdown(b, ticketPlan(), meta(), nil) },
		"noop.md":         func(b *bytes.Buffer) error { return PlanMarkdown(b, &plan.Plan{}, meta(), nil) },
		"drift.prom": func(b *bytes.Buffer) error {
			return DriftPrometheus(b, samplePlan(), meta(), DriftReport{CheckedAt: time.Date(2026, 11, 22, 10, 0, 0, 250e6, time.UTC), Duration: 1500 * time.Millisecond})
		},
	}
	for name, render := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := render(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, name, b.Bytes())
		})
	}
}

func TestRenderMasksSensitive(t *testing.T) {
	tests := map[string]struct {
		v    resources.Value
		want string
	}{
		"plain":             {resources.V("x"), "x"},
		"sensitive ref":     {resources.Value{S: "env:P", Sensitive: true}, "(sensitive: env:P)"},
		"sensitive, no ref": {resources.Value{Sensitive: true}, "(sensitive)"},
		"unknown":           {resources.UnknownValue(), "(known after apply)"},
	}
	for name, tt := range tests {
		if got := Render(tt.v); got != tt.want {
			t.Errorf("%s: Render = %q, want %q", name, got, tt.want)
		}
	}
}

func TestApplyViews(t *testing.T) {
	r := &plan.Result{Items: []*plan.Outcome{
		{Addr: addr("keystore.k[h]"), Status: plan.Applied, Duration: 3 * time.Millisecond},
		{Addr: addr("keystore.k[h2]"), Status: plan.Failed, Err: errors.New("wrong keystore password")},
		{Addr: addr("service.s[h2]"), Status: plan.Skipped, SkipReason: plan.SkipUpstreamFailed},
		{Addr: addr("spog_config.s[w]"), Status: plan.Unchanged},
	}}
	var b bytes.Buffer
	if err := ApplyText(&b, r); err != nil {
		t.Fatal(err)
	}
	if err := ApplyJSON(&b, r, meta()); err != nil {
		t.Fatal(err)
	}
	golden(t, "apply.txt", b.Bytes())
}

func TestParseFormat(t *testing.T) {
	tests := map[string]struct {
		in      string
		allowed []Format
		want    Format
		wantErr string
	}{
		"empty is text":                 {in: "", want: Text},
		"text":                          {in: "text", want: Text},
		"case-insensitive":              {in: "JSON", want: JSON},
		"apply by default: text, json":  {in: "markdown", wantErr: `unknown format "markdown" (want text or json)`},
		"plan: markdown":                {in: "markdown", allowed: PlanFormats, want: Markdown},
		"plan: no prometheus":           {in: "prometheus", allowed: PlanFormats, wantErr: `unknown format "prometheus" (want text, json or markdown)`},
		"drift: prometheus":             {in: "Prometheus", allowed: DriftFormats, want: Prometheus},
		"drift: no markdown":            {in: "markdown", allowed: DriftFormats, wantErr: `unknown format "markdown" (want text, json or prometheus)`},
		"apply: json":                   {in: "json", allowed: ApplyFormats, want: JSON},
		"unknown names the allowed set": {in: "yaml", allowed: ApplyFormats, wantErr: `unknown format "yaml" (want text or json)`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseFormat(tt.in, tt.allowed...)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseFormat(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseFormat(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}
