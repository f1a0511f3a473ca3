//go:build unix

package runlock

import (
	"errors"
	"os"
	"syscall"
)

// ProcessAlive reports whether process pid runs on this machine: signal 0
// delivered, or refused for permission (it exists, under another user). A
// pid of 0 or less is never alive.
func ProcessAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	defer p.Release()
	err = p.Signal(syscall.Signal(0))
	switch {
	case err == nil:
		return true
	case errors.Is(err, os.ErrProcessDone), errors.Is(err, syscall.ESRCH):
		return false
	}
	return true // EPERM and anything unexpected: never judge stale on doubt
}
