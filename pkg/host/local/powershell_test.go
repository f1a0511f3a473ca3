package local

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

var fixedTime = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)

func TestPowershellArgsEncodeTheScriptOnly(t *testing.T) {
	for name, script := range map[string]string{"status": statusScript, "restart": restartScript} {
		t.Run(name, func(t *testing.T) {
			args := powershellArgs(script)
			if args[len(args)-2] != "-EncodedCommand" {
				t.Fatalf("args = %q, want -EncodedCommand last", args)
			}
			raw, err := base64.StdEncoding.DecodeString(args[len(args)-1])
			if err != nil {
				t.Fatal(err)
			}
			u := make([]uint16, len(raw)/2)
			for i := range u {
				u[i] = binary.LittleEndian.Uint16(raw[2*i:])
			}
			if got := string(utf16.Decode(u)); got != script {
				t.Errorf("decoded script differs:\n%s", got)
			}
			if !strings.Contains(script, "$env:"+serviceEnv) {
				t.Errorf("script does not read the name from $env:%s", serviceEnv)
			}
			if strings.Contains(script, "Get-Service -Name") {
				t.Errorf("script passes the name to Get-Service -Name, which expands wildcards")
			}
		})
	}
}

func TestCheckServiceName(t *testing.T) {
	tests := map[string]struct {
		name    string
		wantErr bool
	}{
		"display name with a space":        {name: "Apache Tomcat"},
		"quotes and semicolons are a name": {name: `x'; Remove-Item C:\ -Recurse; '`},
		"empty":                            {name: "", wantErr: true},
		"nul byte":                         {name: "Tomcat\x00x", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if err := checkServiceName(tc.name); (err != nil) != tc.wantErr {
				t.Errorf("checkServiceName(%q) = %v, wantErr %v", tc.name, err, tc.wantErr)
			}
		})
	}
}

func TestParseStatus(t *testing.T) {
	tests := map[string]struct {
		out     string
		want    host.ServiceStatus
		wantErr bool
	}{
		"missing": {
			out:  "{\"exists\":false}\r\n",
			want: host.ServiceStatus{Name: "Apache Tomcat"},
		},
		"running with start time and BOM": {
			out: "\ufeff{\"exists\":true,\"name\":\"Tomcat9\",\"running\":true,\"startedAt\":\"2026-11-22T10:46:00.0000000Z\"}\r\n",
			want: host.ServiceStatus{Name: "Apache Tomcat", Exists: true, Running: true,
				StartedAt: fixedTime},
		},
		"stopped": {
			out:  `{"exists":true,"name":"Tomcat9","running":false,"startedAt":""}`,
			want: host.ServiceStatus{Name: "Apache Tomcat", Exists: true},
		},
		"not json":       {out: "Get-Service : access denied", wantErr: true},
		"bad start time": {out: `{"exists":true,"running":true,"startedAt":"yesterday"}`, wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := parseStatus("Apache Tomcat", []byte(tc.out))
			if (err != nil) != tc.wantErr {
				t.Fatalf("parseStatus error = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && got != tc.want {
				t.Errorf("parseStatus = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestChildEnvDropsSecrets(t *testing.T) {
	got := childEnv([]string{"Path=C:\\Windows", "SystemRoot=C:\\Windows", "ECE_KEYSTORE_PASSWORD=hunter2", "ADS_PASS=x", "=C:=C:\\"})
	if strings.Join(got, ";") != `Path=C:\Windows;SystemRoot=C:\Windows` {
		t.Errorf("childEnv = %v", got)
	}
}
