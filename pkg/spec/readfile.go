package spec

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFileSize is the largest file a spec names that loading reads (a
// certificate, a PFX): a few kilobytes in practice, so anything larger is a
// wrong path, not a certificate.
const MaxFileSize = 1 << 20

// MaxSpecSize is the largest spec Load reads. A spec of thousands of hosts
// is a few megabytes; /dev/zero given as the spec stops here.
const MaxSpecSize = 16 << 20

var (
	// ErrNotRegular is wrapped by the error of reading a file the spec
	// names that is not a regular file: a folder, a device (/dev/zero), a
	// named pipe (reading it would wait for a writer) or a socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is wrapped by the error of reading a file over its
	// limit (MaxFileSize, MaxSpecSize).
	ErrTooLarge = errors.New("file too large")
)

// notRegularError says what a file is instead of a regular file.
type notRegularError struct{ what string }

func (e *notRegularError) Error() string {
	if e.what == "a directory" {
		return "is a directory" // the system's own words for it
	}
	return "is " + e.what + ", not a regular file"
}

func (e *notRegularError) Is(target error) bool { return target == ErrNotRegular }

// tooLargeError gives the size of a file over limit (size < 0: unknown,
// more than limit).
type tooLargeError struct{ size, limit int64 }

func (e *tooLargeError) Error() string {
	what := "a file named by the spec"
	if e.limit == MaxSpecSize {
		what = "a spec"
	}
	if e.size < 0 {
		return fmt.Sprintf("is larger than %s, the most %s may be", mib(e.limit), what)
	}
	return fmt.Sprintf("is %d bytes, larger than %s, the most %s may be", e.size, mib(e.limit), what)
}

func (e *tooLargeError) Is(target error) bool { return target == ErrTooLarge }

func mib(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }

// ReadFile reads a file a spec names: a regular file of at most
// MaxFileSize bytes. It is what Load reads certificate files with, and
// Parse when given no readFile. Its errors are *fs.PathError, wrapping
// ErrNotRegular or ErrTooLarge for the two refusals.
//
// The file's type is checked before it is opened, as opening a named pipe
// waits for a writer; a file replaced by a named pipe in between would
// still be opened, a window the tool does not guard against.
func ReadFile(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(name, fi); err != nil {
		return nil, err
	}
	if fi.Size() > MaxFileSize {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &tooLargeError{size: fi.Size(), limit: MaxFileSize}}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(name, fi); err != nil {
		return nil, err
	}
	return readAtMost(f, name, MaxFileSize)
}

// readSpec reads the spec at path, at most MaxSpecSize bytes. A named
// pipe or a device is read (a spec may come from a shell's <(...)); the
// limit stops one that never ends.
func readSpec(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAtMost(f, path, MaxSpecSize)
}

// readAtMost reads r to its end, refusing more than limit bytes.
func readAtMost(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrapPath(err)}
	}
	if int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &tooLargeError{size: -1, limit: limit}}
	}
	return data, nil
}

// checkRegular refuses anything but a regular file.
func checkRegular(name string, fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeIrregular != 0:
		what = "an irregular file"
	}
	return &fs.PathError{Op: "read", Path: name, Err: &notRegularError{what: what}}
}

// unwrapPath returns the cause of a *fs.PathError, or err.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
