package inventory

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func newTestStore(dir string) *hashStore {
	return newHashStore(dir, rand.NewChaCha8([32]byte{1}), func() time.Time { return fixedNow })
}

func TestObserveCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	rec, des, err := newTestStore(dir).observe(resources.Addr{Kind: Kind, Name: "x"}, paPassword)
	if err != nil || rec != "" || des != "" {
		t.Fatalf("observe = %q, %q, %v; want nothing", rec, des, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("observe created the state folder: %v", err)
	}
}

func TestRecordThenObserve(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	s := newTestStore(dir)
	addr := resources.Addr{Kind: Kind, Name: "ece_web", Host: "pcce"}
	if err := s.record(addr, paPassword); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		password string
		same     bool
	}{
		"same password":  {paPassword, true},
		"other password": {paPassword2, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rec, des, err := s.observe(addr, tt.password)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(rec, "hmac-sha256:") || (rec == des) != tt.same {
				t.Errorf("recorded %q, desired %q; want equal = %v", rec, des, tt.same)
			}
		})
	}
	if di, _ := os.Stat(dir); di.Mode().Perm() != 0o700 {
		t.Errorf("state folder mode %o, want 700", di.Mode().Perm())
	}
	leaksInDir(t, dir)
}

// TestConcurrentRecordsKeepEveryAddress: the inventory machines of one
// spec apply in parallel into one state file.
func TestConcurrentRecordsKeepEveryAddress(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	const n = 8
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A store per resource, as New makes them.
			if err := newTestStore(dir).record(resources.Addr{Kind: Kind, Name: fmt.Sprintf("m%d", i)}, paPassword); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	st, err := newTestStore(dir).load()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Passwords) != n {
		t.Errorf("%d addresses recorded, want %d", len(st.Passwords), n)
	}
}

func TestBrokenStateIsAnError(t *testing.T) {
	tests := map[string]struct {
		file, content, want string
	}{
		"key not hex":       {KeyFileName, "zz\n", "not 32 hex-encoded bytes"},
		"key too short":     {KeyFileName, "abcd\n", "not 32 hex-encoded bytes"},
		"state not JSON":    {StateFileName, "{", "reading the recorded password hashes"},
		"state of a future": {StateFileName, `{"version": 2}`, "version 2, want 1"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s := newTestStore(dir)
			if err := s.record(resources.Addr{Kind: Kind, Name: "x"}, "p"); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, err := s.observe(resources.Addr{Kind: Kind, Name: "x"}, paPassword)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			leaks(t, "the error", err.Error())
		})
	}
}
