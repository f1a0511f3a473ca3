package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// leftovers returns the temporary files WriteFile left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var tmp []string
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			tmp = append(tmp, e.Name())
		}
	}
	return tmp
}

func TestWriteFile(t *testing.T) {
	tests := map[string]struct {
		existing     []byte // nil: no file before
		existingMode fs.FileMode
		perm         fs.FileMode
		wantMode     fs.FileMode
	}{
		"new file gets perm":          {perm: 0o640, wantMode: 0o640},
		"new file perm ignores umask": {perm: 0o666, wantMode: 0o666},
		"existing file keeps its mode": {
			existing: []byte("old"), existingMode: 0o600, perm: 0o644, wantMode: 0o600,
		},
		"existing file replaced by empty data": {
			existing: []byte("old"), existingMode: 0o644, perm: 0o600, wantMode: 0o644,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "spog_config.js")
			if tc.existing != nil {
				if err := os.WriteFile(path, tc.existing, tc.existingMode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tc.existingMode); err != nil {
					t.Fatal(err)
				}
			}
			data := []byte("var web_server_name = \"ece.example.com\";\r\n")
			if strings.Contains(name, "empty") {
				data = []byte{}
			}
			if err := WriteFile(path, data, tc.perm); err != nil {
				t.Fatalf("WriteFile: %v", err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Errorf("content = %q, want %q", got, data)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if runtime.GOOS != "windows" && fi.Mode().Perm() != tc.wantMode {
				t.Errorf("mode = %v, want %v", fi.Mode().Perm(), tc.wantMode)
			}
			if tmp := leftovers(t, dir); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
		})
	}
}

func TestWriteFileErrors(t *testing.T) {
	tests := map[string]struct {
		setup   func(t *testing.T, dir string) string // returns the path to write
		wantErr error                                 // checked with errors.Is when set
	}{
		"parent folder missing": {
			setup:   func(t *testing.T, dir string) string { return filepath.Join(dir, "missing", "f") },
			wantErr: fs.ErrNotExist,
		},
		"parent is a file": {
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "file")
				if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
				return filepath.Join(p, "f")
			},
		},
		"target is a folder": {
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "sub")
				if err := os.Mkdir(p, 0o755); err != nil {
					t.Fatal(err)
				}
				return p
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := tc.setup(t, dir)
			err := WriteFile(path, []byte("new"), 0o644)
			if err == nil {
				t.Fatal("WriteFile succeeded, want an error")
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			if tmp := leftovers(t, dir); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
		})
	}
}

func TestWriteFileUnwritableFolder(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("folder permissions do not stop root or Windows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "cacerts")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })

	if err := WriteFile(path, []byte("new"), 0o644); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("WriteFile error = %v, want one wrapping fs.ErrPermission", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("target = %q, want it untouched", got)
	}
	if tmp := leftovers(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func TestWriteFileRenameFailsKeepsOldContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cacerts")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	errSharing := errors.New("the process cannot access the file because it is being used by another process")
	rename = func(string, string) error { return errSharing }
	t.Cleanup(func() { rename = os.Rename })

	if err := WriteFile(path, []byte("new"), 0o644); !errors.Is(err, errSharing) {
		t.Fatalf("WriteFile error = %v, want the rename error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("target = %q, want it untouched", got)
	}
	if tmp := leftovers(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func TestWriteFileFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.jks")
	link := filepath.Join(dir, "link.jks")
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("link is no longer a link: %v %v", fi, err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("link target = %q, want new", got)
	}
}

// TestWriteFileReadersSeeOldOrNew has readers race a writer that alternates
// between two contents of different lengths: every read must be one of the
// two whole contents, never a prefix or a mix.
func TestWriteFileReadersSeeOldOrNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spog_config.js")
	a := bytes.Repeat([]byte("a"), 64<<10)
	b := bytes.Repeat([]byte("bc"), 48<<10)
	if err := WriteFile(path, a, 0o644); err != nil {
		t.Fatal(err)
	}
	const writes = 200
	done := make(chan struct{})
	var wg sync.WaitGroup
	bad := make(chan string, 4)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				got, err := os.ReadFile(path)
				if err != nil {
					bad <- "read error: " + err.Error()
					return
				}
				if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
					bad <- "partial content of length " + strconv.Itoa(len(got))
					return
				}
			}
		}()
	}
	for i := range writes {
		data := a
		if i%2 == 0 {
			data = b
		}
		if err := WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	close(bad)
	for msg := range bad {
		t.Error(msg)
	}
	if tmp := leftovers(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
