package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableVT switches on ANSI escape sequences on a Windows console (the
// live apply progress redraws with them). It reports false when the console
// refuses (an old conhost), and the progress then falls back to plain lines.
func enableVT(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return false
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
