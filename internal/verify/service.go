package verify

import (
	"fmt"
	"strings"
	"time"
)

// judgeServices is one cisco_service result per ECE server that is not
// only a web server.
func judgeServices(t Target, f *facts) []Result {
	if len(t.ECEServers) == 0 {
		return []Result{notConfigured(CheckCiscoService, "ECE servers", "the spec has no ece-app or ece-data host")}
	}
	var out []Result
	for _, s := range t.ECEServers {
		out = append(out, judgeService(t, s, f.services[s.Name], f.now))
	}
	return out
}

// judgeService decides whether Cisco Service runs on s (troubleshooting:
// "validate that the Windows service Cisco Service is started on all ECE
// servers, except the web server").
func judgeService(t Target, s ECEServer, st outcome[serviceFact], now time.Time) Result {
	r := Result{Check: CheckCiscoService, Subject: s.Name}
	if st.err != nil {
		r.Status, r.Code = Error, Unavailable
		r.Summary = fmt.Sprintf("the state of %s on %s could not be read: %v", ServiceName, s.Name, st.err)
		return r
	}
	roles := strings.Join(s.Roles, ", ")
	switch {
	case !st.v.Exists:
		r.Status, r.Code = Fail, ServiceNotInstalled
		r.Summary = fmt.Sprintf("%s (%s) has no Windows service %q", s.Name, roles, ServiceName)
		r.Fix = fmt.Sprintf("check that ECE is installed on %s and that the spec's roles are right; the ECE installer creates %q on every server but the web servers", s.Name, ServiceName)
	case !st.v.Running:
		r.Status, r.Code = Fail, ServiceStopped
		r.Summary = fmt.Sprintf("%s is installed on %s (%s) but not running", ServiceName, s.Name, roles)
		r.Fix = fmt.Sprintf("start %s on %s (services.msc, or Start-Service '%s'); then review the root logs on the application server ({ECE_HOME}\\eService\\logs) for errors", ServiceName, s.Name, ServiceName)
	default:
		r.Status = Pass
		r.Summary = fmt.Sprintf("%s runs on %s (%s)", ServiceName, s.Name, roles)
		if !st.v.StartedAt.IsZero() {
			r.Summary += ", started " + st.v.StartedAt.UTC().Format(time.RFC3339)
		}
		return r
	}
	r.Symptom = symptomServiceDown(t.FQDN)
	return r
}
