package service

// Reason codes of service changes.
const (
	// Notified: a subscribed resource changed (or will change) in this run,
	// so the service restarts to pick it up.
	Notified = "Notified"
	// PendingRestart: a subscribed resource changed in an earlier run whose
	// restart did not happen; the restart is still owed.
	PendingRestart = "PendingRestart"
	// NotRunning: the service is stopped; it will be started.
	NotRunning = "NotRunning"
	// ServiceMissing: the host has no such service; planning fails.
	ServiceMissing = "ServiceMissing"
)
