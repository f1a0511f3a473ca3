package host

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
)

// Disk implements Files on this machine's disk, with the invariants of the
// package (atomic writes, fs.ErrNotExist for a missing file). Map turns a
// host path into the local one; nil means the path as given. Errors name the
// host path, as the user wrote it, not the mapped one.
type Disk struct {
	Map func(path string) (string, error)
}

func (d Disk) local(ctx context.Context, path string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if d.Map == nil {
		return path, nil
	}
	return d.Map(path)
}

// ReadFile implements Files.
func (d Disk) ReadFile(ctx context.Context, path string) ([]byte, error) {
	local, err := d.local(ctx, path)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(local)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, unwrapPath(err))
	}
	return b, nil
}

// WriteFile implements Files, creating missing parent folders.
func (d Disk) WriteFile(ctx context.Context, path string, data []byte, perm fs.FileMode) error {
	local, err := d.local(ctx, path)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
		return fmt.Errorf("writing %s: creating folder: %w", path, unwrapPath(err))
	}
	if err := atomicfile.WriteFile(local, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// CopyFile implements Files; dst must not exist.
func (d Disk) CopyFile(ctx context.Context, src, dst string) error {
	ls, err := d.local(ctx, src)
	if err != nil {
		return err
	}
	ld, err := d.local(ctx, dst)
	if err != nil {
		return err
	}
	if err := atomicfile.CopyNew(ls, ld); err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	return nil
}

// Remove implements Files.
func (d Disk) Remove(ctx context.Context, path string) error {
	local, err := d.local(ctx, path)
	if err != nil {
		return err
	}
	if err := os.Remove(local); err != nil {
		return fmt.Errorf("removing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath drops the *fs.PathError layer whose text repeats the (mapped)
// path the caller's message already names, keeping the cause (and so
// errors.Is).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
