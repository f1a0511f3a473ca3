package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// logHook writes one structured log line per event. It logs addresses,
// actions, reason codes, outcomes and errors; never attribute values.
type logHook struct {
	l *zap.Logger
}

// newLogHook logs to path, opened on the first line written: a command
// refused before it reads anything leaves no log file behind.
func newLogHook(path, envName string) (plan.Hook, func(), error) {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, nil, fmt.Errorf("%s: folder %s does not exist", path, dir)
	}
	f := &lazyFile{path: path}
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	core := zapcore.NewCore(enc, zapcore.Lock(f), zap.DebugLevel)
	l := zap.New(core).With(zap.String("environment", envName))
	return &logHook{l: l}, func() { _ = l.Sync(); f.close() }, nil
}

// lazyFile is an append-only file opened on the first Write.
type lazyFile struct {
	path string
	f    *os.File
}

func (l *lazyFile) Write(b []byte) (int, error) {
	if l.f == nil {
		f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return 0, err
		}
		l.f = f
	}
	return l.f.Write(b)
}

func (l *lazyFile) Sync() error {
	if l.f == nil {
		return nil
	}
	return l.f.Sync()
}

func (l *lazyFile) close() {
	if l.f != nil {
		_ = l.f.Close()
	}
}

func (h *logHook) PreRead(a resources.Addr) {
	h.l.Debug("read start", zap.Stringer("resource", a))
}

func (h *logHook) PostRead(a resources.Addr, s resources.State, err error) {
	if err != nil {
		h.l.Error("read failed", zap.Stringer("resource", a), zap.Error(err))
		return
	}
	h.l.Info("read", zap.Stringer("resource", a), zap.Bool("exists", s.Exists), zap.String("fingerprint", resources.FingerprintOf(s)))
}

func (h *logHook) PreApply(a resources.Addr, ch resources.Change) {
	h.l.Info("apply start", zap.Stringer("resource", a), zap.String("action", ch.Action.Word()), zap.Strings("reasons", codesOf(ch)))
}

// codesOf lists a change's reason codes, in order (never nil: the log
// shows [] rather than null).
func codesOf(ch resources.Change) []string {
	codes := make([]string, 0, len(ch.Reasons))
	for _, r := range ch.Reasons {
		codes = append(codes, r.Code)
	}
	return codes
}

func (h *logHook) PostApply(a resources.Addr, st plan.Status, err error, d time.Duration) {
	fields := []zap.Field{zap.Stringer("resource", a), zap.String("status", fmt.Sprint(st)), zap.Duration("duration", d)}
	if err != nil {
		h.l.Error("apply failed", append(fields, zap.Error(err))...)
		return
	}
	h.l.Info("apply done", fields...)
}
