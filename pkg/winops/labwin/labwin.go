package labwin

import (
	"context"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"github.com/ecereconcile/ecereconcile/pkg/host/lab"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// ConfigPath is the Windows path of IIS's applicationHost.config.
const ConfigPath = `C:\Windows\System32\inetsrv\config\applicationHost.config`

// Option configures the lab Windows operations.
type Option func(*Ops)

// WithClock sets the clock that names backups (default time.Now; a nil
// clock keeps the default).
func WithClock(now func() time.Time) Option {
	return func(o *Ops) {
		if now != nil {
			o.now = now
		}
	}
}

// WithRand sets the source of randomness for new keys and PFX salts
// (default crypto/rand.Reader; nil keeps the default). See the package
// documentation for what Go's crypto does with it.
func WithRand(r io.Reader) Option {
	return func(o *Ops) {
		if r != nil {
			o.rand = r
		}
	}
}

// WithLatency makes every call wait d before acting; a cancelled context
// ends the wait with the context's error.
func WithLatency(d time.Duration) Option {
	return func(o *Ops) { o.latency = d }
}

// Ops are the Windows operations of one lab host, kept below its folder.
type Ops struct {
	root    string
	now     func() time.Time
	rand    io.Reader
	latency time.Duration

	mu sync.Mutex // serialises every read-modify-write of this root
}

var _ winops.Ops = (*Ops)(nil)

// New returns the Windows operations of the lab host whose folder is root
// (the folder pkg/host/lab uses for the same host).
func New(root string, opts ...Option) *Ops {
	o := &Ops{root: root, now: time.Now, rand: rand.Reader}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

// begin models latency, checks the context and takes the lock; the caller
// defers the returned unlock.
func (o *Ops) begin(ctx context.Context) (unlock func(), err error) {
	if o.latency > 0 {
		t := time.NewTimer(o.latency)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o.mu.Lock()
	return o.mu.Unlock, nil
}

// configFile returns the local file standing for ConfigPath below root.
func configFile(root string) string {
	p, err := lab.ToLocal(root, ConfigPath)
	if err != nil {
		// ConfigPath is a constant absolute path; ToLocal cannot refuse it.
		panic("labwin: mapping " + ConfigPath + ": " + err.Error())
	}
	return p
}

// labDir returns a folder of the lab's own state below root.
func labDir(root string, elem ...string) string {
	return filepath.Join(append([]string{root, ".lab"}, elem...)...)
}

// writeFile replaces path atomically, creating its folder.
func writeFile(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, perm)
}
