package testkit

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// NoSecretInTree fails tb when secret occurs in the name or the bytes of
// any file or folder below dir, leaving out the folders in except (where
// the secrets themselves are kept).
func NoSecretInTree(tb testing.TB, dir, secret string, except ...string) {
	tb.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && slices.Contains(except, p) {
			return filepath.SkipDir
		}
		if strings.Contains(p, secret) {
			tb.Errorf("file name %s holds the secret", p)
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(secret)) {
			tb.Errorf("%s holds the secret value", p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}
