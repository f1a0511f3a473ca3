package cli

import (
	"fmt"
	"os"
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

func newLogHook(path, envName string) (plan.Hook, func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	core := zapcore.NewCore(enc, zapcore.AddSync(f), zap.DebugLevel)
	l := zap.New(core).With(zap.String("environment", envName))
	return &logHook{l: l}, func() { _ = l.Sync(); _ = f.Close() }, nil
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
	codes := make([]string, 0, len(ch.Reasons))
	for _, r := range ch.Reasons {
		codes = append(codes, r.Code)
	}
	h.l.Info("apply start", zap.Stringer("resource", a), zap.String("action", ch.Action.Word()), zap.Strings("reasons", codes))
}

func (h *logHook) PostApply(a resources.Addr, st plan.Status, err error, d time.Duration) {
	fields := []zap.Field{zap.Stringer("resource", a), zap.String("status", fmt.Sprint(st)), zap.Duration("duration", d)}
	if err != nil {
		h.l.Error("apply failed", append(fields, zap.Error(err))...)
		return
	}
	h.l.Info("apply done", fields...)
}
