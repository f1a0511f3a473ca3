package cli

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ecereconcile/ecereconcile/internal/views"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

var ansiSeq = regexp.MustCompile("\x1b\\[[0-9]*[A-Za-z]")

// TestProgressWidth: on a terminal, apply's live lines are cut to the
// width IO reports (80 when unknown), so that none wraps and breaks the
// redraw.
func TestProgressWidth(t *testing.T) {
	addr := resources.Addr{Kind: "keystore", Name: "ads_cacerts_with_a_name_long_enough_to_wrap_a_narrow_terminal", Host: "ads-a.lab.example.com"}
	tests := map[string]struct {
		width   int
		maxCols int  // the longest live line allowed
		full    bool // the whole address fits
	}{
		"unknown width is 80": {0, 79, false},
		"narrow terminal":     {40, 39, false},
		"very narrow":         {20, 19, false},
		"wide terminal":       {200, 199, true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
			c := &cli{io: IO{Stdout: &out, StdoutIsTTY: true, StdoutWidth: tt.width, Now: func() time.Time { return start }}}
			h := c.progress(views.Text)
			h.PreApply(addr, resources.Change{Addr: addr, Action: resources.Update})
			live := ansiSeq.ReplaceAllString(out.String(), "")
			h.PostApply(addr, plan.Applied, nil, time.Second)
			if !strings.Contains(live, "… updating k") {
				t.Fatalf("no live line for the running resource:\n%q", live)
			}
			for _, line := range strings.Split(strings.TrimSuffix(live, "\n"), "\n") {
				if n := utf8.RuneCountInString(line); n > tt.maxCols {
					t.Errorf("a live line of %d columns on a %d-column terminal: %q", n, tt.width, line)
				}
			}
			if got := strings.Contains(live, addr.String()); got != tt.full {
				t.Errorf("whole address shown = %v, want %v:\n%q", got, tt.full, live)
			}
		})
	}
}
