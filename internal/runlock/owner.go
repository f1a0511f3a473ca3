package runlock

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Owner is who holds a lock, as the lock file stores it.
type Owner struct {
	PID       int       `json:"pid"`
	Hostname  string    `json:"hostname"`
	User      string    `json:"user"`
	Command   string    `json:"command"`
	StartedAt time.Time `json:"started_at"`
	Version   string    `json:"version"`
	// Nonce tells apart two holders that share the other fields (a reused
	// pid in the same second); a lock written by hand may leave it out.
	Nonce string `json:"nonce,omitempty"`
}

// String describes the owner for an error: "pid 42 on HOST by USER since
// TIME".
func (o Owner) String() string {
	user := o.User
	if user == "" {
		user = "an unknown user"
	}
	return fmt.Sprintf("pid %d on %s by %s since %s", o.PID, o.Hostname, user, o.StartedAt.UTC().Format(time.RFC3339))
}

// sameHost reports whether the owner ran on hostname (names compare
// without case, as DNS and NetBIOS names do).
func (o Owner) sameHost(hostname string) bool { return strings.EqualFold(o.Hostname, hostname) }

func (o Owner) validate() error {
	switch {
	case o.PID <= 0:
		return errors.New("no valid pid")
	case o.Hostname == "":
		return errors.New("no hostname")
	case o.StartedAt.IsZero():
		return errors.New("no start time")
	}
	return nil
}

// encode is the lock file's content for o.
func (o Owner) encode() ([]byte, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// decodeOwner parses a lock file's content.
func decodeOwner(b []byte) (Owner, error) {
	var o Owner
	if err := json.Unmarshal(b, &o); err != nil {
		return Owner{}, err
	}
	if err := o.validate(); err != nil {
		return Owner{}, err
	}
	return o, nil
}

// generation names one lock file's content: two files with different
// bytes are different generations, and a generation never comes back (the
// nonce, the pid and the start time see to it).
func generation(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}
