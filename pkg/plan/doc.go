// Package plan turns a set of resources into a dependency graph, a plan and
// an applied result. It knows nothing about ECE, PCCE or the spec: it works on
// []resources.Resource only.
//
// # What it owns
//
//   - [Graph]: vertices by address, edges from DependsOn and (for a
//     [resources.Subscriber]) Subscribes; duplicate addresses, unknown
//     dependencies and cycles are errors. [Graph.Order] is topological with
//     ties broken by address, so every listing is deterministic.
//   - [Build]: reads every resource (in parallel, bounded by
//     [Options.Parallelism]) and plans each in topological order.
//   - [Apply]: walks the graph in parallel; a resource starts when all its
//     dependencies are done. Parallelism is a semaphore around execution,
//     not part of the graph.
//   - [Journal]: pending notifications for subscribers, kept across runs.
//   - [File]: saved plan files, and the staleness check against a fresh plan.
//   - [Hook]: progress observers. The engine never prints.
//
// # Invariants
//
//   - Per-resource failures live in the plan and in the result; Build and
//     Apply return an error only for engine-level problems (a cancelled
//     context, an unreadable journal, a plan that does not match the graph).
//   - A resource whose Read or Plan failed carries the error; its dependents,
//     transitively, are skipped with the reason "upstream failed" and are not
//     reported as errors again. A dependent whose own Read failed still
//     reports its own error: that failure is not caused by the upstream one.
//   - A notification for a subscriber is recorded in the journal before the
//     subscribed resource is applied, and cleared only after the subscriber
//     itself was applied successfully, so a restart is not forgotten when a
//     run fails half-way.
//   - After each Apply the resource is read and planned again; anything but
//     NoOp is a failure wrapping [ErrNotConverged].
//   - An irreversible change is applied only with
//     [Options.AllowIrreversible]; otherwise the resource fails with an error
//     wrapping [ErrIrreversible].
//   - Plan files and the journal hold no secrets: attributes never carry
//     secret values (see package resources), and sensitive values are
//     written masked anyway.
package plan
