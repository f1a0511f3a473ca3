package views

import (
	"io"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
)

// Metric names of the Prometheus drift report.
const (
	MetricResourceDrift  = "ecereconcile_drift_resource"
	MetricResources      = "ecereconcile_drift_resources"
	MetricLastCheck      = "ecereconcile_drift_last_check_timestamp_seconds"
	MetricCheckDuration  = "ecereconcile_drift_check_duration_seconds"
	MetricCheckSucceeded = "ecereconcile_drift_check_success"
)

// DriftStatuses lists every drift status, in the order reports count them.
var DriftStatuses = []DriftStatus{InSync, Drifted, NeedsPerson, Unknown, Errored, Skipped}

// DriftPrometheus writes the drift report in the Prometheus text
// exposition format (version 0.0.4), for node_exporter's textfile
// collector: a gauge per resource (1 when it drifted or needs a person),
// the number of resources per status (every status, zeros included), the
// time and duration of the check, and whether it ran without errors.
//
// Every resource sample has the same labels: environment, resource, kind,
// host (empty for resources bound to no host) and status.
func DriftPrometheus(w io.Writer, p *plan.Plan, m Meta, r DriftReport) error {
	bw := &errWriter{w: w}
	env := `environment="` + promLabel(m.Environment) + `"`
	counts := map[DriftStatus]int{}

	family(bw, MetricResourceDrift, "1 when the resource differs from the spec or has drifted in a way apply must not fix (a person is needed), 0 otherwise.")
	for _, it := range p.Items {
		st := StatusOf(it)
		counts[st]++
		v := "0"
		if st == Drifted || st == NeedsPerson {
			v = "1"
		}
		bw.printf("%s{%s,resource=\"%s\",kind=\"%s\",host=\"%s\",status=\"%s\"} %s\n", MetricResourceDrift, env,
			promLabel(it.Addr.String()), promLabel(it.Addr.Kind), promLabel(it.Addr.Host), promLabel(string(st)), v)
	}

	family(bw, MetricResources, "Number of resources per drift status: in_sync, drift, drift_needs_person, unknown (manual backend, as last attested), error, skipped.")
	for _, st := range DriftStatuses {
		bw.printf("%s{%s,status=\"%s\"} %d\n", MetricResources, env, st, counts[st])
	}

	family(bw, MetricLastCheck, "When the drift check started, in seconds since the Unix epoch; alert when it gets old (the check stopped running).")
	bw.printf("%s{%s} %s\n", MetricLastCheck, env, promFloat(float64(r.CheckedAt.UnixMilli())/1e3))

	family(bw, MetricCheckDuration, "How long reading and planning every resource took, in seconds.")
	bw.printf("%s{%s} %s\n", MetricCheckDuration, env, promFloat(r.Duration.Seconds()))

	success := 1
	if counts[Errored] > 0 {
		success = 0
	}
	family(bw, MetricCheckSucceeded, "1 when every resource could be read and planned, 0 when some could not (their drift is not known).")
	bw.printf("%s{%s} %d\n", MetricCheckSucceeded, env, success)
	return bw.err
}

// family writes the HELP and TYPE lines of a gauge.
func family(bw *errWriter, name, help string) {
	bw.printf("# HELP %s %s\n# TYPE %s gauge\n", name, promHelp(help), name)
}

// promLabel escapes a label value: backslash, double quote and line feed.
func promLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// promHelp escapes a HELP text: backslash and line feed.
func promHelp(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

// promFloat renders a sample value with as few digits as round-trip.
func promFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
