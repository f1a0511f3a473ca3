package verify

import (
	"errors"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/host"
)

func TestJudgeService(t *testing.T) {
	tests := []struct {
		name   string
		st     outcome[serviceFact]
		status Status
		code   string
		want   []string
	}{
		{name: "running", st: outcome[serviceFact]{v: host.ServiceStatus{Exists: true, Running: true, StartedAt: testNow}},
			status: Pass, want: []string{"Cisco Service runs on ece-app-a (ece-app), started 2026-06-01T12:00:00Z"}},
		{name: "stopped", st: outcome[serviceFact]{v: host.ServiceStatus{Exists: true}},
			status: Fail, code: ServiceStopped,
			want: []string{"https://ece.example.com might be temporarily down", "Start-Service 'Cisco Service'", "root logs"}},
		{name: "not installed", st: outcome[serviceFact]{v: host.ServiceStatus{}},
			status: Fail, code: ServiceNotInstalled, want: []string{`no Windows service "Cisco Service"`}},
		{name: "host unreachable", st: outcome[serviceFact]{err: errors.New("winrm: connection refused")},
			status: Error, code: Unavailable, want: []string{"winrm: connection refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := judgeService(Target{FQDN: fqdn}, ECEServer{Name: "ece-app-a", Roles: []string{"ece-app"}}, tt.st, testNow)
			wantResult(t, r, tt.status, tt.code, tt.want...)
		})
	}
	if rs := judgeServices(Target{}, &facts{}); len(rs) != 1 || rs[0].Status != Skip {
		t.Errorf("no ECE server: %+v", rs)
	}
}
