package eceadmin

import (
	"bytes"
	"strings"
	"testing"
)

func TestRenderTaskGroups(t *testing.T) {
	task := Task{
		Section:     UCCEIntegration,
		ConsolePath: UCCEIntegration.ConsolePath(),
		Fields: []Field{
			{Group: "AWDB Details", Label: "Server name", Value: "aw-a.example.com"},
			{Group: "AWDB Details", Label: "Password", Value: "env:AWDB_PASSWORD", Secret: true},
			{Group: "Configuration", Label: "Application Instance", Value: "MultiChannel"},
		},
		Notes:      []string{"Save is permanent."},
		Secrets:    SecretValues{"Password": distinctive},
		ValuesHash: "hmac-sha256:00",
	}
	var buf bytes.Buffer
	if err := RenderTask(&buf, task); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), distinctive) {
		t.Fatal("rendered task holds the secret")
	}
	golden(t, "task_groups.golden", buf.Bytes())
}

func TestTraceLevelText(t *testing.T) {
	tests := map[string]struct {
		in      string
		want    TraceLevel
		wantErr bool
	}{
		"number":        {in: "4", want: TraceInfo},
		"console form":  {in: "7 - Debug", want: TraceDebug},
		"name":          {in: "dbquery", want: TraceDbquery},
		"out of range":  {in: "9", wantErr: true},
		"unknown name":  {in: "verbose", wantErr: true},
		"zero":          {in: "0", wantErr: true},
		"trailing text": {in: "2 - Error", want: TraceError},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseTraceLevel(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseTraceLevel(%q) = %v, %v", tt.in, got, err)
			}
			if err == nil {
				if back, _ := ParseTraceLevel(got.String()); back != got {
					t.Errorf("round trip of %s gave %v", got, back)
				}
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := map[string]struct {
		in   string
		want string
	}{
		"hours":           {"1h0m0s", "1h"},
		"hours, minutes":  {"1h30m0s", "1h30m"},
		"minutes":         {"45m0s", "45m"},
		"seconds kept":    {"1m30s", "1m30s"},
		"zero is nothing": {"0s", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			d, err := ParseDuration(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got := FormatDuration(d)
			if got != tt.want {
				t.Errorf("FormatDuration(%s) = %q, want %q", d, got, tt.want)
			}
			if back, err := ParseDuration(got); err != nil || back != d {
				t.Errorf("ParseDuration(%q) = %v, %v", got, back, err)
			}
		})
	}
}
