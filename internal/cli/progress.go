package cli

import "github.com/ecereconcile/ecereconcile/internal/views"

// progress reports apply progress on stdout, or on stderr when stdout
// carries a JSON document.
func (c *cli) progress(f views.Format) *views.Progress {
	if f == views.JSON {
		return views.NewProgress(c.io.Stderr)
	}
	return views.NewProgress(c.io.Stdout)
}
