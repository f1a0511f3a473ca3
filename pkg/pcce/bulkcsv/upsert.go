package bulkcsv

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
)

// FileMode is the mode of the inventory file: it holds passwords.
const FileMode fs.FileMode = 0o600

// locks serialises Upserts of one path within the process (several
// inventory machines share one file).
var locks sync.Map // cleaned path -> *sync.Mutex

func lockFor(path string) *sync.Mutex {
	m, _ := locks.LoadOrStore(filepath.Clean(path), &sync.Mutex{})
	return m.(*sync.Mutex)
}

// Upsert puts row into the inventory file at path: it replaces the row of
// the same machine (Row.SameMachine), or appends it; every other row is
// kept. A missing file (and its folder, mode 0700) is created. The file is
// rewritten with the documented header, CRLF, a byte order mark if it had
// one, mode 0600, atomically; nothing is written when the content would not
// change. A file Read refuses is left untouched.
func Upsert(path string, row Row) error {
	if err := check(row); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	mu := lockFor(path)
	mu.Lock()
	defer mu.Unlock()

	old, err := os.ReadFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading the bulk inventory: %w", err)
	}
	var rows []Row
	if exists && len(bytes.TrimSpace(bytes.TrimPrefix(old, bom))) > 0 {
		rows, err = Read(bytes.NewReader(old))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	replaced := false
	for i := range rows {
		if rows[i].SameMachine(row) {
			rows[i] = row
			replaced = true
			break
		}
	}
	if !replaced {
		rows = append(rows, row)
	}
	var out bytes.Buffer
	if bytes.HasPrefix(old, bom) {
		out.Write(bom)
	}
	if err := Write(&out, rows); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if exists {
		if err := narrow(path); err != nil {
			return err
		}
		if bytes.Equal(old, out.Bytes()) {
			return nil
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("writing the bulk inventory: %w", err)
	}
	if err := atomicfile.WriteFile(path, out.Bytes(), FileMode); err != nil {
		return fmt.Errorf("writing the bulk inventory: %w", err)
	}
	return nil
}

// narrow makes an existing file 0600 before it is rewritten (atomicfile
// keeps an existing file's mode).
func narrow(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("writing the bulk inventory: %w", err)
	}
	if fi.Mode().Perm()&^FileMode == 0 {
		return nil
	}
	if err := os.Chmod(path, FileMode); err != nil {
		return fmt.Errorf("writing the bulk inventory: restricting its mode to %o: %w", FileMode, err)
	}
	return nil
}
