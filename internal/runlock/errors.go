package runlock

import (
	"errors"
	"fmt"
)

// ErrHeld is wrapped by every *HeldError.
var ErrHeld = errors.New("another apply holds the lock")

// ErrUnreadable is wrapped when a lock file exists but does not hold a
// valid owner: nobody can tell whether its holder runs, so it is left for a
// person to check and remove.
var ErrUnreadable = errors.New("lock file unreadable")

// HeldError is returned by Acquire when another run holds the lock.
type HeldError struct {
	// Path is the lock file.
	Path string
	// Owner is the holder (or the process taking a stale lock over).
	Owner Owner
	// Foreign: the holder ran on another host, so whether it still runs
	// cannot be told from here; the lock is never judged stale.
	Foreign bool
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("%v: %v (%s)", ErrHeld, e.Owner, e.Path)
}

func (e *HeldError) Unwrap() error { return ErrHeld }
