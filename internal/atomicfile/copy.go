package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// CopyNew copies src to dst, which must not exist: an existing dst is an
// error wrapping fs.ErrExist and is left alone. dst gets src's permission
// bits and is synced to disk together with its folder. On error a partly
// written dst is removed.
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
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(dst)
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	// O_CREATE applies the umask; set the mode explicitly.
	if err := out.Chmod(fi.Mode().Perm()); err != nil {
		return fmt.Errorf("copying %s to %s: setting mode: %w", src, dst, err)
	}
	if err := out.Sync(); err != nil {
		return fmt.Errorf("copying %s to %s: syncing: %w", src, dst, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("copying %s to %s: closing: %w", src, dst, err)
	}
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return fmt.Errorf("copying %s to %s: syncing folder: %w", src, dst, err)
	}
	return nil
}
