// Package views renders plans, drift reports and apply results, and reports
// apply progress through plan.Hooks. The engine never prints; everything a
// user sees passes through here.
//
// # Formats
//
// Each command accepts its own set ([PlanFormats], [DriftFormats],
// [ApplyFormats]; [ParseFormat] names them in its error):
//
//   - text, for people at a terminal ([PlanText], [DriftText], [ApplyText]);
//   - JSON, one document for programs ([PlanJSON], [DriftJSON], [ApplyJSON]);
//   - Markdown, a plan for a change ticket ([PlanMarkdown]): summary counts,
//     a table per server, irreversible steps and operator tasks called out,
//     the plan file's SHA-256;
//   - Prometheus, the drift report in the text exposition format for
//     node_exporter's textfile collector ([DriftPrometheus]).
//
// # Progress
//
// [Lines] writes one stable line per finished resource (logs, pipes, and
// stderr in JSON mode). [Live] keeps a region of running resources with
// their elapsed time at the bottom of a terminal, redrawn in place at most
// ten times a second; other output during the run goes through
// [Live.Writer] so that the region never overwrites it.
//
// # Invariants
//
// A Sensitive value is never rendered; views print "(sensitive)" followed
// by its reference. Kinds never put secret values into Attrs in the first
// place, so this is the second of two guards.
//
// Whatever comes from the spec or from reality is escaped for the format it
// lands in: Markdown inline text and code spans (pipes in table cells,
// backticks), Prometheus label values (backslash, double quote, line feed).
package views
