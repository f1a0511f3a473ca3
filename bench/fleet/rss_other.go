//go:build !unix

package main

import "time"

// maxRSSKB is unknown here: 0.
func maxRSSKB() int64 { return 0 }

// cpuTime is unknown here: 0.
func cpuTime() time.Duration { return 0 }
