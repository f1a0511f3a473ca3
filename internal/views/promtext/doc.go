// Package promtext parses the Prometheus text exposition format, strictly,
// to check what views.DriftPrometheus writes: the views' tests and the
// end-to-end tests read the reports back with it. It is a checker, not a
// general client: it keeps names, labels and values, and rejects what
// node_exporter's textfile collector would reject or misread (samples
// without HELP and TYPE, split families, bad names, bad escapes, duplicate
// series). It exists because github.com/prometheus/common/expfmt is not a
// dependency of this module.
package promtext
