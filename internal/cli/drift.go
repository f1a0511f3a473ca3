package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"github.com/ecereconcile/ecereconcile/internal/views"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
)

func runDrift(ctx context.Context, c *cli, args []string) int {
	formats := views.FormatList(views.DriftFormats)
	fs := c.newFlags("drift", "-f SPEC [--format "+formatUsage(views.DriftFormats)+"] [--out FILE]")
	var co common
	co.register(fs)
	format := fs.String("format", "text", "output format: "+formats)
	out := fs.String("out", "", "write the report to this file, replaced atomically (for node_exporter's textfile collector), instead of stdout")
	if _, err := parse(fs, args); err != nil {
		return flagExit(err)
	}
	f, err := views.ParseFormat(*format, views.DriftFormats...)
	if err != nil {
		c.errorf("--format: %v", err)
		return ExitError
	}
	if *out != "" {
		// Fail before reading every server, not after.
		if fi, err := os.Stat(filepath.Dir(*out)); err != nil || !fi.IsDir() {
			c.errorf("--out: %s: folder %s does not exist", *out, filepath.Dir(*out))
			return ExitError
		}
	}
	e, ok := c.load(co)
	if !ok {
		return ExitError
	}
	defer e.close()
	start := c.io.Now()
	p, err := plan.Build(ctx, e.graph, e.opts)
	if err != nil {
		c.errorf("drift: %v", err)
		return ExitError
	}
	rep := views.DriftReport{CheckedAt: start, Duration: c.io.Now().Sub(start)}
	var b bytes.Buffer
	switch f {
	case views.JSON:
		err = views.DriftJSON(&b, p, e.meta(), rep)
	case views.Prometheus:
		err = views.DriftPrometheus(&b, p, e.meta(), rep)
	default:
		err = views.DriftText(&b, p, e.meta(), rep)
	}
	if err == nil {
		err = c.writeReport(*out, b.Bytes())
	}
	if err != nil {
		c.errorf("writing the report: %v", err)
		return ExitError
	}
	code := ExitOK
	for _, it := range p.Items {
		st := views.StatusOf(it)
		switch st {
		case views.Errored:
			code = ExitError
		case views.Drifted, views.NeedsPerson:
			if code == ExitOK {
				code = ExitChanges
			}
		default:
			continue
		}
		if *out != "" {
			// The report went to a file; a scheduler mails what
			// a job prints, so name what is not in sync (and
			// print nothing when all is).
			c.errorf("drift: %s: %s%s", it.Addr, st, reasonCodes(it))
		}
	}
	return code
}

// reasonCodes is " (Code, Code)" for an item's reasons or error, or "".
func reasonCodes(it *plan.Item) string {
	if it.Err != nil {
		return " (" + firstLine(it.Err.Error()) + ")"
	}
	codes := codesOf(it.Change)
	if len(codes) == 0 {
		return ""
	}
	return " (" + strings.Join(codes, ", ") + ")"
}

// writeReport writes a report to stdout, or replaces the file at path
// atomically: a reader (node_exporter's textfile collector, a monitoring
// script) sees the previous report or this one, never half of it.
func (c *cli) writeReport(path string, b []byte) error {
	if path == "" {
		_, err := c.io.Stdout.Write(b)
		return err
	}
	return atomicfile.WriteFile(path, b, 0o644)
}

// formatUsage is the --format placeholder of a usage line: "text|json".
func formatUsage(fs []views.Format) string {
	s := ""
	for i, f := range fs {
		if i > 0 {
			s += "|"
		}
		s += f.String()
	}
	return s
}
