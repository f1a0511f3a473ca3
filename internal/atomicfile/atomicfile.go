package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// rename is os.Rename; tests replace it to exercise the failure path.
var rename = os.Rename

// WriteFile atomically replaces the file at path with data. An existing
// file keeps its permission bits; perm is used when the file is new. The
// parent folder must exist.
func WriteFile(path string, data []byte, perm fs.FileMode) (err error) {
	target, err := resolve(path)
	if err != nil {
		return err
	}
	mode := perm.Perm()
	if fi, err := os.Stat(target); err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("writing %s: not a regular file", path)
		}
		mode = fi.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("writing %s: %w", path, err)
	}

	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: creating temporary file: %w", path, err)
	}
	tmp := f.Name()
	after(StepCreated, target)
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()

	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	after(StepWritten, target)
	if err := f.Sync(); err != nil {
		return fmt.Errorf("writing %s: syncing: %w", path, err)
	}
	if err := f.Chmod(mode); err != nil {
		return fmt.Errorf("writing %s: setting mode: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: closing: %w", path, err)
	}
	after(StepSynced, target)
	if err := rename(tmp, target); err != nil {
		return fmt.Errorf("writing %s: replacing: %w", path, err)
	}
	after(StepRenamed, target)
	// The rename happened: the temporary file is gone whatever follows.
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("writing %s: syncing folder: %w", path, err)
	}
	after(StepDirSynced, target)
	return nil
}

// resolve follows a symbolic link at path so that the link's target is
// replaced rather than the link itself. A missing path is returned as is.
func resolve(path string) (string, error) {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return path, nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fmt.Errorf("writing %s: following link: %w", path, err)
	}
	return target, nil
}
