package spec

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a span written "30d", "12h" or "90m" (days, then Go's units).
type Duration time.Duration

// Day is the length of a "d" unit: 24 hours, calendar-agnostic.
const Day = 24 * time.Hour

// ParseDuration reads a span: either whole days ("30d") or a Go duration
// ("36h", "90m"); mixed forms ("1d12h") are refused.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("want whole days like 30d, got %q", s)
		}
		return Duration(time.Duration(n) * Day), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("want a duration like 30d or 12h, got %q", s)
	}
	return Duration(d), nil
}

// D returns the time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String writes whole days as "30d", anything else as Go does.
func (d Duration) String() string {
	td := time.Duration(d)
	if td != 0 && td%Day == 0 {
		return strconv.FormatInt(int64(td/Day), 10) + "d"
	}
	return td.String()
}

// UnmarshalYAML lets plain yaml.v3 decoding (tools, tests) read a Duration
// as the spec decoder does.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalYAML writes a Duration as ParseDuration reads it.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }
