package pwsh

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Ops implements winops.Ops with one PowerShell script per operation, run
// by a Runner (this machine or WinRM).
type Ops struct {
	r Runner
}

var _ winops.Ops = (*Ops)(nil)

// New returns the Windows operations of the server r runs scripts on.
func New(r Runner) *Ops { return &Ops{r: r} }

// call runs the script of op with in as its payload and decodes the JSON
// result into out (when out is not nil). A script error is redacted
// against secret (a password, or "") before anything wraps it.
func call(ctx context.Context, r Runner, op string, in, out any, secret string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	stdin, err := payload(in)
	if err != nil {
		return err
	}
	stdout, err := r.Run(ctx, script(op), stdin)
	if err != nil {
		return redact(err, secret)
	}
	if out == nil {
		return nil
	}
	return decodeResult(stdout, out, secret)
}

// decodeResult decodes the last line of a script's output, its JSON result.
// A line that is not JSON is quoted in the error without secret (removed
// before the line is clipped).
func decodeResult(stdout []byte, out any, secret string) error {
	line := lastLine(stdout)
	if line == "" {
		return fmt.Errorf("powershell printed no result")
	}
	if err := json.Unmarshal([]byte(line), out); err != nil {
		return fmt.Errorf("powershell result %q: %w", clip(mask(line, secret)), err)
	}
	return nil
}

// list is a JSON array as Windows PowerShell 5.1 may print it: an array,
// a single object (a one-element pipeline unrolled), null (an empty one),
// or {"value": [...], "Count": n} (an array wrapped in a PSObject).
type list []json.RawMessage

// UnmarshalJSON accepts every form above.
func (l *list) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*l = nil
		return nil
	case len(b) > 0 && b[0] == '[':
		var items []json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		*l = items
		return nil
	case len(b) > 0 && b[0] == '{':
		var wrapped struct {
			Value *list `json:"value"`
			Count *int  `json:"Count"`
		}
		if err := json.Unmarshal(b, &wrapped); err == nil && wrapped.Value != nil && wrapped.Count != nil {
			*l = *wrapped.Value
			return nil
		}
		*l = list{json.RawMessage(b)}
		return nil
	}
	return fmt.Errorf("want a JSON array or object, got %q", clip(string(b)))
}
