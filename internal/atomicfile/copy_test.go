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
			if tmp := leftovers(t, dir); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
		})
	}
}

// TestCopyNewPublish covers how the finished copy gets its name: a hard
// link, or a checked rename where the file system has none.
func TestCopyNewPublish(t *testing.T) {
	errNoLinks := errors.New("operation not permitted")
	tests := map[string]struct {
		link      func(string, string) error
		dstBefore bool // dst appears after the first check, before the link
		wantErr   error
	}{
		"hard link":                   {link: os.Link},
		"no hard links: rename":       {link: func(string, string) error { return errNoLinks }},
		"dst appears before the link": {link: os.Link, dstBefore: true, wantErr: fs.ErrExist},
		"dst appears, no hard links": {
			link: func(string, string) error { return errNoLinks }, dstBefore: true, wantErr: fs.ErrExist,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "spog_config.js")
			dst := src + ".bak"
			if err := os.WriteFile(src, []byte("original"), 0o644); err != nil {
				t.Fatal(err)
			}
			link = func(oldname, newname string) error {
				if tc.dstBefore {
					if err := os.WriteFile(dst, []byte("someone else's"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return tc.link(oldname, newname)
			}
			t.Cleanup(func() { link = os.Link })
			err := CopyNew(src, dst)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("CopyNew error = %v, want one wrapping %v", err, tc.wantErr)
				}
				if got, _ := os.ReadFile(dst); string(got) != "someone else's" {
					t.Errorf("the other dst was overwritten: %q", got)
				}
			} else {
				if err != nil {
					t.Fatalf("CopyNew: %v", err)
				}
				if got, _ := os.ReadFile(dst); string(got) != "original" {
					t.Errorf("dst = %q, want the original", got)
				}
			}
			if tmp := leftovers(t, dir); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
		})
	}
}
