package plan

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeFileAtomic replaces path with data: it writes a temporary file in the
// same directory, fsyncs it, and renames it over path, so a reader sees the
// old content or the new one, never a mix, and a crash leaves at worst a
// stray temporary file. The directory is fsynced afterwards where the
// platform allows it.
//
// Windows caveat: os.Rename uses MoveFileEx with MOVEFILE_REPLACE_EXISTING,
// which replaces the file but is not guaranteed atomic on every filesystem,
// and fails while another process holds path open without share-delete.
func writeFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("creating temporary file: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("setting mode of temporary file: %w", err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("writing temporary file: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("syncing temporary file: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("closing temporary file: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("replacing file: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable on POSIX systems. Errors are ignored: on
// Windows a directory cannot be opened for syncing, and the rename itself
// already succeeded.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
