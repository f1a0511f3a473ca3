package host

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// BackupName returns the name of a timestamped backup next to path:
// "<path>.ecereconcile-20261122T104600Z.bak". The name carries the time
// only, never anything derived from the contents.
func BackupName(path string, now time.Time) string {
	return path + ".ecereconcile-" + now.UTC().Format("20060102T150405Z") + ".bak"
}

// Backup copies path to BackupName(path, now) on h and returns the backup's
// path. When a backup of that second already exists a counter is added.
func Backup(ctx context.Context, h Files, path string, now time.Time) (string, error) {
	base := BackupName(path, now)
	dst := base
	for i := 1; ; i++ {
		err := h.CopyFile(ctx, path, dst)
		if err == nil {
			return dst, nil
		}
		if !isExist(err) || i > 100 {
			return "", fmt.Errorf("backing up %s: %w", path, err)
		}
		dst = strings.TrimSuffix(base, ".bak") + fmt.Sprintf("-%d.bak", i)
	}
}
