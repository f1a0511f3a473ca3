//go:build crashtest

package atomicfile

// SetHook installs f to be called after every step of every write (see
// Step), or removes the hook when f is nil. It exists only in binaries built
// with the crashtest tag, for the crash-safety test, and must be called
// before any write starts.
func SetHook(f func(step Step, target string)) { hook = f }
