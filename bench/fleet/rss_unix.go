//go:build unix

package main

import (
	"syscall"
	"time"
)

// maxRSSKB is the peak resident set size of this process, in KiB (ru_maxrss:
// KiB on Linux, bytes on macOS).
func maxRSSKB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	kb := int64(ru.Maxrss)
	if isDarwin {
		kb /= 1024
	}
	return kb
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
