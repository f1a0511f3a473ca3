package eceadmin

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TraceProcesses are the ECE processes the tech note raises to level 4
// after the integration (troubleshooting, "trace level configuration").
var TraceProcesses = []string{"EAAS-process", "EAMS-process", "dx-process", "rx-process"}

// IsTraceProcess reports whether p is one of TraceProcesses (exact case).
func IsTraceProcess(p string) bool {
	for _, q := range TraceProcesses {
		if p == q {
			return true
		}
	}
	return false
}

// TraceLevel is an ECE trace level, 1 to 8.
type TraceLevel int

// The eight ECE trace levels. The tech note names 2, 4, 6 and 7.
const (
	TraceFatal   TraceLevel = 1
	TraceError   TraceLevel = 2 // the default of every process
	TraceWarning TraceLevel = 3
	TraceInfo    TraceLevel = 4 // usual for troubleshooting
	TracePerf    TraceLevel = 5
	TraceDbquery TraceLevel = 6 // not for long, and only with TAC guidance
	TraceDebug   TraceLevel = 7 // needs a maximum duration
	TraceTrace   TraceLevel = 8 // needs a maximum duration
)

var traceNames = [...]string{"", "Fatal", "Error", "Warning", "Info", "Perf", "Dbquery", "Debug", "Trace"}

// Valid reports whether l is 1 to 8.
func (l TraceLevel) Valid() bool { return l >= TraceFatal && l <= TraceTrace }

// NeedsMaxDuration reports whether ECE asks for a maximum duration (7, 8).
func (l TraceLevel) NeedsMaxDuration() bool { return l == TraceDebug || l == TraceTrace }

// String renders the level as the console lists it: "4 - Info".
func (l TraceLevel) String() string {
	if !l.Valid() {
		return strconv.Itoa(int(l))
	}
	return strconv.Itoa(int(l)) + " - " + traceNames[l]
}

// ParseTraceLevel parses "4", "4 - Info" or "Info".
func ParseTraceLevel(s string) (TraceLevel, error) {
	s = strings.TrimSpace(s)
	num, _, _ := strings.Cut(s, " ")
	if n, err := strconv.Atoi(num); err == nil {
		if l := TraceLevel(n); l.Valid() {
			return l, nil
		}
		return 0, fmt.Errorf("trace level %d: want 1 to 8", n)
	}
	for i, name := range traceNames {
		if i > 0 && strings.EqualFold(s, name) {
			return TraceLevel(i), nil
		}
	}
	return 0, fmt.Errorf("trace level %q: want 1 to 8", s)
}

// TraceLevelLabel is the Settings key of a process's maximum trace level.
func TraceLevelLabel(process string) string { return process + ": Maximum trace level" }

// TraceDurationLabel is the Settings key of a process's maximum duration
// (levels 7 and 8 only; empty otherwise).
func TraceDurationLabel(process string) string { return process + ": Maximum duration" }

// FormatDuration renders a trace window's length without zero units: "1h",
// "1h30m", "45m"; "" for zero.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return ""
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ParseDuration is the inverse of FormatDuration; "" is zero.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("maximum duration %q: %w", s, err)
	}
	return d, nil
}
