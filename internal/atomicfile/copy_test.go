package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestCopyNew(t *testing.T) {
	tests := map[string]struct {
		srcMissing bool
		dstExists  bool
		wantErr    error
	}{
		"copies bytes and mode": {},
		"existing dst is kept":  {dstExists: true, wantErr: fs.ErrExist},
		"missing src":           {srcMissing: true, wantErr: fs.ErrNotExist},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "cacerts")
			dst := filepath.Join(dir, "cacerts.bak")
			content := []byte("\xfe\xed\xfe\xed binary\r\n")
			if !tc.srcMissing {
				if err := os.WriteFile(src, content, 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(src, 0o640); err != nil {
					t.Fatal(err)
				}
			}
			if tc.dstExists {
				if err := os.WriteFile(dst, []byte("earlier backup"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := CopyNew(src, dst)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("CopyNew error = %v, want one wrapping %v", err, tc.wantErr)
				}
				if tc.dstExists {
					if got, _ := os.ReadFile(dst); string(got) != "earlier backup" {
						t.Errorf("existing dst overwritten: %q", got)
					}
				} else if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("dst created after a failed copy: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("CopyNew: %v", err)
			}
			got, err := os.ReadFile(dst)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(content) {
				t.Errorf("dst = %q, want %q", got, content)
			}
			fi, err := os.Stat(dst)
			if err != nil {
				t.Fatal(err)
			}
			if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o640 {
				t.Errorf("dst mode = %v, want 0640", fi.Mode().Perm())
			}
		})
	}
}
