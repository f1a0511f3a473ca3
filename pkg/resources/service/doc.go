// Package service is the resource kind "service": a Windows service that is
// restarted when a resource it subscribes to changed (tech note step 4.1:
// Apache Tomcat on every ADS after its cacerts truststore changed).
//
// # Life cycle
//
//	Read   the host's ServiceStatus; Attrs service, running ("true"/"false").
//	       The fingerprint covers existence and running only, not the start
//	       time, so a restart by someone else is not drift.
//	Plan   a missing service is an error. Triggers (fresh or pending from an
//	       earlier run) make an Update with After["restart"] = "yes", one
//	       reason per trigger; a stopped service is an Update that starts it;
//	       otherwise NoOp.
//	Apply  RestartService (which starts a stopped service), then reads the
//	       status again.
//
// # Invariants
//
//   - A service is never restarted without a trigger, unless it is stopped.
//   - Pending notifications are the engine's: it records one before applying
//     a subscribed resource and clears it after this resource applied, so a
//     restart is not forgotten when a run fails in between.
package service
