//go:build !windows

package main

import "os"

// enableVT: terminals outside Windows understand ANSI escape sequences.
func enableVT(*os.File) bool { return true }
