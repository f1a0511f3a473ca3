package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// link is os.Link; tests replace it to exercise the fallback for file
// systems without hard links.
var link = os.Link

// CopyNew copies src to dst, which must not exist: an existing dst is an
// error wrapping fs.ErrExist and is left alone. dst gets src's permission
// bits and is synced to disk together with its folder.
//
// The copy is written to a temporary file next to dst and appears under
// dst's name only once complete (a hard link, which fails when dst exists),
// so a crash never leaves a partial dst that looks like a finished copy.
func CopyNew(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("copying %s: %w", src, err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return fmt.Errorf("copying %s: %w", src, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("copying %s: not a regular file", src)
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, fs.ErrExist)
	}
	dir, base := filepath.Split(dst)
	if dir == "" {
		dir = "."
	}
	out, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	tmp := out.Name()
	after(StepCreated, dst)
	defer func() {
		if err != nil {
			out.Close()
		}
		// Once linked, dst is the copy and tmp only a second name for it.
		os.Remove(tmp)
	}()
	if _, err := io.Copy(out, in); err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	after(StepWritten, dst)
	// CreateTemp makes the file 0600; give it src's mode.
	if err := out.Chmod(fi.Mode().Perm()); err != nil {
		return fmt.Errorf("copying %s to %s: setting mode: %w", src, dst, err)
	}
	if err := out.Sync(); err != nil {
		return fmt.Errorf("copying %s to %s: syncing: %w", src, dst, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("copying %s to %s: closing: %w", src, dst, err)
	}
	after(StepSynced, dst)
	if err := publish(tmp, dst); err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	after(StepLinked, dst)
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("copying %s to %s: syncing folder: %w", src, dst, err)
	}
	after(StepDirSynced, dst)
	return nil
}

// publish gives the complete file tmp the name dst, which must not exist.
// A hard link does it atomically and refuses an existing dst. Where the
// file system has no hard links (FAT, some network shares) it falls back
// to a rename after checking that dst does not exist: not atomic against
// another writer creating dst at the same moment, which the apply lock
// rules out.
func publish(tmp, dst string) error {
	err := link(tmp, dst)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return fs.ErrExist
	}
	if _, err := os.Lstat(dst); err == nil {
		return fs.ErrExist
	}
	return rename(tmp, dst)
}
