package runlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var started = time.Date(2026, 11, 22, 10, 46, 0, 0, time.UTC)

func owner(pid int, hostname string) Owner {
	return Owner{
		PID: pid, Hostname: hostname, User: "ops", Command: "ecereconcile apply",
		StartedAt: started.Add(time.Duration(pid) * time.Second), Version: "v1.2.3",
		Nonce: fmt.Sprintf("%016x", pid),
	}
}

// alive reports the given pids as running.
func alive(pids ...int) func(int) bool {
	return func(pid int) bool { return slices.Contains(pids, pid) }
}

func opts(self Owner, isAlive func(int) bool) Options {
	return Options{Owner: self, Alive: isAlive, pause: time.Microsecond}
}

func writeOwner(t *testing.T, path string, o Owner) []byte {
	t.Helper()
	b, err := o.encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestAcquire(t *testing.T) {
	const here, there = "ece-ops-1", "ece-ops-2"
	self := owner(100, here)
	tests := map[string]struct {
		// setup writes what is in the state folder before Acquire.
		setup    func(t *testing.T, lock string)
		alive    []int
		wantErr  error  // checked with errors.Is; nil: Acquire must succeed
		wantText string // the whole error text, with DIR for the folder
		foreign  bool
		tookOver int // pid of the stale owner taken over; 0: none
	}{
		"free": {setup: func(*testing.T, string) {}},
		"held by a running process on this host": {
			setup:    func(t *testing.T, lock string) { writeOwner(t, lock, owner(41, here)) },
			alive:    []int{41},
			wantErr:  ErrHeld,
			wantText: "another apply holds the lock: pid 41 on ece-ops-1 by ops since 2026-11-22T10:46:41Z (DIR/apply.lock)",
		},
		"stale: its process is gone": {
			setup:    func(t *testing.T, lock string) { writeOwner(t, lock, owner(41, here)) },
			tookOver: 41,
		},
		"host name differs only in case: same host": {
			setup:    func(t *testing.T, lock string) { writeOwner(t, lock, owner(41, "ECE-OPS-1")) },
			tookOver: 41,
		},
		"another host: never stale": {
			setup:    func(t *testing.T, lock string) { writeOwner(t, lock, owner(41, there)) },
			wantErr:  ErrHeld,
			wantText: "another apply holds the lock: pid 41 on ece-ops-2 by ops since 2026-11-22T10:46:41Z (DIR/apply.lock)",
			foreign:  true,
		},
		"written by hand, without nonce or user": {
			setup: func(t *testing.T, lock string) {
				body := `{"pid": 41, "hostname": "ece-ops-1", "started_at": "2026-11-22T10:46:00Z"}`
				if err := os.WriteFile(lock, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			alive:    []int{41},
			wantErr:  ErrHeld,
			wantText: "another apply holds the lock: pid 41 on ece-ops-1 by an unknown user since 2026-11-22T10:46:00Z (DIR/apply.lock)",
		},
		"corrupt": {
			setup: func(t *testing.T, lock string) {
				if err := os.WriteFile(lock, []byte("pid 41 since yesterday\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			wantErr:  ErrUnreadable,
			wantText: "lock DIR/apply.lock: lock file unreadable (invalid character 'p' looking for beginning of value)",
		},
		"empty (its creator died before writing)": {
			setup: func(t *testing.T, lock string) {
				if err := os.WriteFile(lock, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			},
			wantErr:  ErrUnreadable,
			wantText: "lock DIR/apply.lock: lock file unreadable (unexpected end of JSON input)",
		},
		"valid JSON without a pid": {
			setup: func(t *testing.T, lock string) {
				if err := os.WriteFile(lock, []byte(`{"hostname": "ece-ops-1"}`), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			wantErr:  ErrUnreadable,
			wantText: "lock DIR/apply.lock: lock file unreadable (no valid pid)",
		},
		"stale, with the claim of a taker that died": {
			setup: func(t *testing.T, lock string) {
				raw := writeOwner(t, lock, owner(41, here))
				writeOwner(t, lock+takeoverInfix+generation(raw), owner(42, here))
			},
			tookOver: 41,
		},
		"stale, a running process is taking it over": {
			setup: func(t *testing.T, lock string) {
				raw := writeOwner(t, lock, owner(41, here))
				writeOwner(t, lock+takeoverInfix+generation(raw), owner(42, here))
			},
			alive:    []int{42},
			wantErr:  ErrHeld,
			wantText: "another apply holds the lock: pid 42 on ece-ops-1 by ops since 2026-11-22T10:46:42Z (DIR/apply.lock)",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			lock := filepath.Join(dir, FileName)
			tc.setup(t, lock)
			before := files(t, dir)
			beforeLock, _ := os.ReadFile(lock)

			l, err := Acquire(dir, opts(self, alive(tc.alive...)))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("Acquire error = %v, want one wrapping %v", err, tc.wantErr)
				}
				if got := strings.ReplaceAll(err.Error(), dir, "DIR"); got != tc.wantText {
					t.Errorf("error text:\n got %s\nwant %s", got, tc.wantText)
				}
				var held *HeldError
				if errors.As(err, &held) && held.Foreign != tc.foreign {
					t.Errorf("Foreign = %v, want %v", held.Foreign, tc.foreign)
				}
				if after, _ := os.ReadFile(lock); string(after) != string(beforeLock) {
					t.Errorf("the lock file changed: %q, was %q", after, beforeLock)
				}
				if got := files(t, dir); !slices.Equal(got, before) {
					t.Errorf("files = %v, want them as before: %v", got, before)
				}
				return
			}
			if err != nil {
				t.Fatalf("Acquire: %v", err)
			}
			if l.Path() != lock {
				t.Errorf("Path() = %s, want %s", l.Path(), lock)
			}
			prev, took := l.TookOver()
			if took != (tc.tookOver != 0) || prev.PID != tc.tookOver {
				t.Errorf("TookOver() = %v %v, want pid %d", prev, took, tc.tookOver)
			}
			b, err := os.ReadFile(lock)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeOwner(b)
			if err != nil || got != self {
				t.Errorf("lock file holds %+v (%v), want %+v", got, err, self)
			}
			if names := files(t, dir); !slices.Equal(names, []string{FileName}) {
				t.Errorf("files = %v, want only %s", names, FileName)
			}
			if err := l.Release(); err != nil {
				t.Fatalf("Release: %v", err)
			}
			if names := files(t, dir); len(names) != 0 {
				t.Errorf("files after Release = %v, want none", names)
			}
		})
	}
}

func TestAcquireCreatesStateFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".ecereconcile", "lab")
	l, err := Acquire(dir, opts(owner(100, "h"), alive()))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("state folder mode = %v, want 0700", fi.Mode().Perm())
	}
}

func TestAcquireFillsNonce(t *testing.T) {
	dir := t.TempDir()
	self := owner(100, "h")
	self.Nonce = ""
	o := opts(self, alive())
	o.Rand = strings.NewReader("\x01\x02\x03\x04\x05\x06\x07\x08")
	l, err := Acquire(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if got := l.Owner().Nonce; got != "0102030405060708" {
		t.Errorf("nonce = %q, want 0102030405060708", got)
	}
}

func TestAcquireRefusesAnIncompleteOwner(t *testing.T) {
	tests := map[string]func(*Owner){
		"no valid pid":  func(o *Owner) { o.PID = 0 },
		"no hostname":   func(o *Owner) { o.Hostname = "" },
		"no start time": func(o *Owner) { o.StartedAt = time.Time{} },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			o := owner(100, "h")
			spoil(&o)
			if _, err := Acquire(dir, opts(o, alive())); err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("Acquire error = %v, want one naming %q", err, name)
			}
			if names := files(t, dir); len(names) != 0 {
				t.Errorf("files = %v, want none", names)
			}
		})
	}
}

func TestRelease(t *testing.T) {
	tests := map[string]struct {
		meanwhile func(t *testing.T, lock string)
		wantErr   string // "": Release succeeds and removes the file
		keep      bool   // the file someone else wrote stays
	}{
		"removes its own lock": {meanwhile: func(*testing.T, string) {}},
		"someone took it over": {
			meanwhile: func(t *testing.T, lock string) { writeOwner(t, lock, owner(7, "h")) },
			wantErr:   "taken over by pid 7 on h by ops since 2026-11-22T10:46:07Z while this run held it; left in place",
			keep:      true,
		},
		"someone removed it": {
			meanwhile: func(t *testing.T, lock string) {
				if err := os.Remove(lock); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: "removed by someone else while this run held it",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			l, err := Acquire(dir, opts(owner(100, "h"), alive()))
			if err != nil {
				t.Fatal(err)
			}
			tc.meanwhile(t, l.Path())
			err = l.Release()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Release: %v", err)
				}
			} else if err == nil || !strings.HasSuffix(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), l.Path()) {
				t.Fatalf("Release error = %v, want the lock file and %q", err, tc.wantErr)
			}
			_, statErr := os.Stat(l.Path())
			if exists := statErr == nil; exists != tc.keep {
				t.Errorf("lock file exists = %v, want %v", exists, tc.keep)
			}
			if err := l.Release(); err != nil {
				t.Errorf("second Release: %v, want a no-op", err)
			}
		})
	}
}

// TestAcquireConcurrent races acquirers (distinct pids of this host, all
// running) for a free lock and for a stale one, many rounds: exactly one
// wins each round, every other one is told who holds it, and nothing but
// the winner's lock is left in the folder.
func TestAcquireConcurrent(t *testing.T) {
	const racers, rounds = 8, 25
	pids := make([]int, racers)
	for i := range pids {
		pids[i] = 1000 + i
	}
	for _, stale := range []bool{false, true} {
		t.Run(fmt.Sprintf("stale=%v", stale), func(t *testing.T) {
			for round := range rounds {
				dir := t.TempDir()
				lock := filepath.Join(dir, FileName)
				if stale {
					writeOwner(t, lock, owner(999, "h"))
				}
				var (
					wg      sync.WaitGroup
					mu      sync.Mutex
					winners []*Lock
					errs    []error
				)
				start := make(chan struct{})
				for _, pid := range pids {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						l, err := Acquire(dir, opts(owner(pid, "h"), alive(pids...)))
						mu.Lock()
						defer mu.Unlock()
						if err != nil {
							errs = append(errs, err)
						} else {
							winners = append(winners, l)
						}
					}()
				}
				close(start)
				wg.Wait()
				if len(winners) != 1 {
					t.Fatalf("round %d: %d winners, want exactly 1 (errors: %v)", round, len(winners), errs)
				}
				w := winners[0]
				for _, err := range errs {
					var held *HeldError
					if !errors.As(err, &held) {
						t.Fatalf("round %d: a loser got %v, want a *HeldError", round, err)
					}
					if held.Owner.PID != w.Owner().PID {
						t.Errorf("round %d: a loser names pid %d, the winner is %d", round, held.Owner.PID, w.Owner().PID)
					}
				}
				if _, took := w.TookOver(); took != stale {
					t.Errorf("round %d: winner TookOver = %v, want %v", round, took, stale)
				}
				if names := files(t, dir); !slices.Equal(names, []string{FileName}) {
					t.Fatalf("round %d: files = %v, want only %s", round, names, FileName)
				}
				if err := w.Release(); err != nil {
					t.Fatalf("round %d: Release: %v", round, err)
				}
			}
		})
	}
}

// TestAcquireWithoutHardLinks: on a file system without hard links the
// lock is created with O_EXCL and still refuses a second acquirer.
func TestAcquireWithoutHardLinks(t *testing.T) {
	link = func(string, string) error { return errors.New("operation not permitted") }
	t.Cleanup(func() { link = os.Link })
	dir := t.TempDir()
	l, err := Acquire(dir, opts(owner(100, "h"), alive(100)))
	if err != nil {
		t.Fatal(err)
	}
	if names := files(t, dir); !slices.Equal(names, []string{FileName}) {
		t.Errorf("files = %v, want only %s", names, FileName)
	}
	if _, err := Acquire(dir, opts(owner(101, "h"), alive(100))); !errors.Is(err, ErrHeld) {
		t.Errorf("second Acquire error = %v, want ErrHeld", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
}
