package runlock

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// FileName is the lock file's name in the state folder.
const FileName = "apply.lock"

// takeoverInfix joins a lock file's name and the generation a claim is for.
const takeoverInfix = ".takeover-"

const (
	// maxDepth bounds claims of claims; each level needs a taker that died
	// in the middle of a takeover.
	maxDepth = 3
	// maxAttempts bounds the rounds lost to other acquirers; each racer
	// costs at most a round or two per generation, and a taker at work
	// makes the others pause between rounds.
	maxAttempts = 50
	// readTries and readPause: how long a lock file that does not parse yet
	// (just created, not yet written) is read again before it counts as
	// unreadable.
	readTries = 20
	readPause = 5 * time.Millisecond
)

// Options configure Acquire.
type Options struct {
	// Owner describes this run; PID, Hostname and StartedAt are required.
	// An empty Nonce is filled from Rand.
	Owner Owner
	// Alive reports whether a process of this host is running; nil means
	// ProcessAlive.
	Alive func(pid int) bool
	// Rand makes the nonce; nil means crypto/rand.
	Rand io.Reader

	// pause overrides readPause (tests).
	pause time.Duration
}

// Lock is a held lock.
type Lock struct {
	path     string
	content  []byte
	owner    Owner
	tookOver *Owner
	released bool
}

// Path returns the lock file.
func (l *Lock) Path() string { return l.path }

// Owner returns the owner this lock was taken as.
func (l *Lock) Owner() Owner { return l.owner }

// TookOver returns the owner of the stale lock this one replaced, and
// whether there was one.
func (l *Lock) TookOver() (Owner, bool) {
	if l.tookOver == nil {
		return Owner{}, false
	}
	return *l.tookOver, true
}

// Acquire takes the lock DIR/apply.lock for opt.Owner, creating dir (mode
// 0700) when missing. When another run holds it the error is a *HeldError;
// a stale lock (same host, process gone) is taken over and named by
// Lock.TookOver; a lock file without a valid owner is an error wrapping
// ErrUnreadable. The caller must Release the lock on every path.
func Acquire(dir string, opt Options) (*Lock, error) {
	if err := opt.Owner.validate(); err != nil {
		return nil, fmt.Errorf("lock: owner: %w", err)
	}
	if opt.Alive == nil {
		opt.Alive = ProcessAlive
	}
	if opt.Rand == nil {
		opt.Rand = rand.Reader
	}
	if opt.pause == 0 {
		opt.pause = readPause
	}
	if opt.Owner.Nonce == "" {
		var n [8]byte
		if _, err := io.ReadFull(opt.Rand, n[:]); err != nil {
			return nil, fmt.Errorf("lock: nonce: %w", err)
		}
		opt.Owner.Nonce = hex.EncodeToString(n[:])
	}
	content, err := opt.Owner.encode()
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("lock: creating the state folder: %w", err)
	}
	a := &acquirer{opt: opt, content: content}
	return a.acquire(filepath.Join(dir, FileName), 0)
}

type acquirer struct {
	opt     Options
	content []byte
}

func (a *acquirer) lock(path string) *Lock {
	return &Lock{path: path, content: a.content, owner: a.opt.Owner}
}

// acquire takes the lock file at path; depth counts the claims above it.
func (a *acquirer) acquire(path string, depth int) (*Lock, error) {
	for attempt := range maxAttempts {
		err := createExclusive(path, a.content)
		if err == nil {
			return a.lock(path), nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		raw, cur, err := a.read(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // released meanwhile
		}
		if err != nil {
			return nil, err
		}
		if !cur.sameHost(a.opt.Owner.Hostname) {
			return nil, &HeldError{Path: path, Owner: cur, Foreign: true}
		}
		if a.opt.Alive(cur.PID) {
			return nil, &HeldError{Path: path, Owner: cur}
		}
		if depth >= maxDepth {
			return nil, fmt.Errorf("lock %s: %d takeovers in a row were interrupted; check that no apply runs, then remove %s* by hand", path, depth, path)
		}
		claim, err := a.acquire(path+takeoverInfix+generation(raw), depth+1)
		var held *HeldError
		if errors.As(err, &held) {
			// Someone else is taking it over. Look again in a moment: by
			// then the lock is usually theirs, and the error names them
			// rather than a taker that may yet lose.
			if held.Foreign || attempt == maxAttempts-1 {
				return nil, &HeldError{Path: path, Owner: held.Owner, Foreign: held.Foreign}
			}
			time.Sleep(a.opt.pause)
			continue
		}
		if err != nil {
			return nil, err
		}
		won, err := a.replaceIf(path, raw)
		// A claim left behind (its release failed) names a generation
		// that never comes back: harmless.
		_ = claim.Release()
		if err != nil {
			return nil, err
		}
		if won {
			l := a.lock(path)
			l.tookOver = &cur
			return l, nil
		}
		// Another taker finished first: start over, and find its lock.
	}
	return nil, fmt.Errorf("lock %s: still changing hands after %d attempts", path, maxAttempts)
}

// read reads and parses the lock file at path, reading again for a while
// when it does not parse (its creator may not have written it yet). A
// missing file is an error wrapping fs.ErrNotExist.
func (a *acquirer) read(path string) ([]byte, Owner, error) {
	var last error
	for i := range readTries {
		if i > 0 {
			time.Sleep(a.opt.pause)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, Owner{}, fmt.Errorf("lock %s: %w", path, unwrapPath(err))
		}
		o, err := decodeOwner(b)
		if err == nil {
			return b, o, nil
		}
		last = err
	}
	return nil, Owner{}, fmt.Errorf("lock %s: %w (%v)", path, ErrUnreadable, last)
}

// replaceIf replaces the lock file at path with this run's lock, provided
// it still holds raw, in one rename: the file never disappears, so no
// plain creator can slip in. The caller holds the claim on raw's
// generation, so nobody else replaces it meanwhile.
func (a *acquirer) replaceIf(path string, raw []byte) (bool, error) {
	now, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("lock %s: %w", path, unwrapPath(err))
	}
	if !bytes.Equal(now, raw) {
		return false, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return false, fmt.Errorf("lock %s: taking over: %w", path, err)
	}
	tmp := f.Name()
	err = writeClose(f, a.content)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return false, fmt.Errorf("lock %s: taking over: %w", path, err)
	}
	return true, nil
}

// Release removes the lock file if it still holds this run's lock. A lock
// someone else holds now, or one that is gone, is left alone and reported.
// Releasing twice is a no-op.
func (l *Lock) Release() error {
	if l == nil || l.released {
		return nil
	}
	l.released = true
	b, err := os.ReadFile(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("lock %s: removed by someone else while this run held it", l.path)
	}
	if err != nil {
		return fmt.Errorf("lock %s: %w", l.path, unwrapPath(err))
	}
	if !bytes.Equal(b, l.content) {
		holder := "another run"
		if o, err := decodeOwner(b); err == nil {
			holder = o.String()
		}
		return fmt.Errorf("lock %s: taken over by %s while this run held it; left in place", l.path, holder)
	}
	if err := os.Remove(l.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("lock %s: removing: %w", l.path, unwrapPath(err))
	}
	return nil
}

// link is os.Link; tests replace it to exercise the fallback for file
// systems without hard links.
var link = os.Link

// createExclusive creates path holding content, failing with an error
// wrapping fs.ErrExist when it exists. The content is written to a
// temporary file first and linked to path, so the lock never appears empty
// or half written to a reader. Without hard links it falls back to O_EXCL
// and one write (a reader may then catch the file empty for a moment, which
// read tolerates).
func createExclusive(path string, content []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return unwrapPath(err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // once linked, only a second name of the lock
	if err := writeClose(f, content); err != nil {
		return err
	}
	err = link(tmp, path)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return fs.ErrExist
	}
	f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return unwrapPath(err)
	}
	if err := writeClose(f, content); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func writeClose(f *os.File, content []byte) error {
	_, err := f.Write(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// unwrapPath drops the *fs.PathError layer whose text repeats the path the
// caller's message already names, keeping the cause (and errors.Is).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
