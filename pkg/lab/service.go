package lab

import (
	"encoding/json"
	"fmt"
	"time"
)

// serviceState is the lab's JSON state of one service, the shape the lab
// host transport (pkg/host/lab) reads and writes:
// {"name":"Apache Tomcat","running":true,"startedAt":"2026-11-20T08:00:00Z","restarts":0}.
type serviceState struct {
	Name      string    `json:"name"`
	Running   bool      `json:"running"`
	StartedAt time.Time `json:"startedAt"`
	Restarts  int       `json:"restarts"`
}

// tomcatUptime is how long Apache Tomcat has been running on the ADS when the
// lab is made.
const tomcatUptime = 48 * time.Hour

// serviceJSON renders a running service started at startedAt, never restarted.
func serviceJSON(name string, startedAt time.Time) ([]byte, error) {
	b, err := json.Marshal(serviceState{Name: name, Running: true, StartedAt: startedAt.UTC(), Restarts: 0})
	if err != nil {
		return nil, fmt.Errorf("service %s: encoding state: %w", name, err)
	}
	return append(b, '\n'), nil
}
