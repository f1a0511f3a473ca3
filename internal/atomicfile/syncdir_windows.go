//go:build windows

package atomicfile

// syncDir is a no-op: Windows cannot open a folder for FlushFileBuffers
// through os.Open, and NTFS journals the rename itself.
func syncDir(dir string) error { return nil }
