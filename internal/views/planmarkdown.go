package views

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/shellquote"
	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/resources/ece"
)

// PlanFile is the saved plan a Markdown plan quotes.
type PlanFile struct {
	// Path as given to --out.
	Path string
	// SHA256 is the hex SHA-256 of the file's bytes, to quote in the
	// ticket.
	SHA256 string
	// AllowIrreversible: the file records consent to irreversible steps.
	AllowIrreversible bool
}

// PlanMarkdown writes a plan for a change ticket (GitHub-flavoured
// Markdown): what was planned from what, summary counts, a table per
// server, the irreversible steps and the operator tasks called out, each
// change with its reasons and attribute diff, the problems, and the plan
// file with its SHA-256. pf is nil when no plan file was saved.
//
// Everything from the spec or from reality is escaped; secrets appear as
// their reference, as in every view.
func PlanMarkdown(w io.Writer, p *plan.Plan, m Meta, pf *PlanFile) error {
	bw := &errWriter{w: w}
	s := summarize(p)
	irr := countIrreversible(p)

	bw.printf("# Change plan: environment %s\n\n", mdCode(m.Environment))
	bw.printf("| | |\n|---|---|\n")
	bw.printf("| Environment | %s |\n", mdCellCode(m.Environment))
	bw.printf("| Spec file | %s |\n", mdCellCode(m.SpecFile))
	bw.printf("| Spec hash | %s |\n", mdCellCode(m.SpecHash))
	bw.printf("| Tool version | %s |\n", mdCellCode(m.ToolVersion))
	if !p.CreatedAt.IsZero() {
		bw.printf("| Planned at | %s |\n", p.CreatedAt.UTC().Format(time.RFC3339))
	}
	if pf != nil {
		bw.printf("| Plan file | %s |\n", mdCellCode(pf.Path))
		bw.printf("| Plan file SHA-256 | %s |\n", mdCellCode(pf.SHA256))
	}

	bw.printf("\n## Summary\n\n")
	bw.printf("| Create | Update | Delete | No change | Irreversible | Errors | Skipped |\n")
	bw.printf("|---:|---:|---:|---:|---:|---:|---:|\n")
	bw.printf("| %d | %d | %d | %d | %d | %d | %d |\n\n", s.Add, s.Change, s.Destroy, s.Unchanged, irr, s.Failed, s.Skipped)
	switch {
	case s.Failed > 0:
		bw.printf("**The plan has errors** (see [Errors](#errors)): nothing can be applied until they are fixed.\n")
	case !p.HasChanges():
		bw.printf("No changes. Reality matches the spec.\n")
	default:
		bw.printf("%d of %d resources change.\n", len(p.Changes()), len(p.Items))
	}

	writeServers(bw, p)
	writeIrreversible(bw, p, m, pf)
	writeOperatorTasks(bw, p)
	writeMarkdownChanges(bw, p, m)
	writeMarkdownProblems(bw, p)
	writePlanFile(bw, m, pf, s.Failed > 0)
	return bw.err
}

// itemWord is what happens to an item, as one word.
func itemWord(it *plan.Item) string {
	switch {
	case it.Err != nil:
		return "error"
	case it.Skipped:
		return "skipped"
	}
	return it.Change.Action.Word()
}

// writeServers writes one row per host (sorted; resources bound to no
// host last): what changes there, and the resources that do not stay as
// they are.
func writeServers(bw *errWriter, p *plan.Plan) {
	byHost := map[string][]*plan.Item{}
	for _, it := range p.Items {
		byHost[it.Addr.Host] = append(byHost[it.Addr.Host], it)
	}
	if len(byHost) == 0 {
		return
	}
	hosts := make([]string, 0, len(byHost))
	for h := range byHost {
		hosts = append(hosts, h)
	}
	slices.SortFunc(hosts, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "":
			return 1
		case b == "":
			return -1
		}
		return strings.Compare(a, b)
	})

	bw.printf("\n## Servers\n\n| Server | Summary | Resources |\n|---|---|---|\n")
	order := []string{"create", "update", "delete", "error", "skipped", "no-op"}
	for _, h := range hosts {
		counts := map[string]int{}
		var listed []string
		for _, it := range byHost[h] {
			word := itemWord(it)
			counts[word]++
			if word == "no-op" {
				continue
			}
			entry := mdCellCode(it.Addr.String()) + " " + word
			if it.Change.Irreversible && it.Err == nil && !it.Skipped {
				entry += ", **irreversible**"
			}
			listed = append(listed, entry)
		}
		var parts []string
		for _, w := range order {
			if n := counts[w]; n > 0 {
				if w == "no-op" {
					w = "unchanged"
				}
				parts = append(parts, fmt.Sprintf("%d %s", n, w))
			}
		}
		if n := counts["no-op"]; n > 0 {
			listed = append(listed, fmt.Sprintf("%d unchanged", n))
		}
		server := "*(not bound to a server)*"
		if h != "" {
			server = mdCellCode(h)
		}
		bw.printf("| %s | %s | %s |\n", server, strings.Join(parts, ", "), strings.Join(listed, "<br>"))
	}
}

// writeIrreversible calls out the irreversible steps and what consenting
// to them means.
func writeIrreversible(bw *errWriter, p *plan.Plan, m Meta, pf *PlanFile) {
	var irr []*plan.Item
	for _, it := range p.Changes() {
		if it.Change.Irreversible {
			irr = append(irr, it)
		}
	}
	if len(irr) == 0 {
		return
	}
	bw.printf("\n## Irreversible steps\n\n")
	bw.printf("> [!WARNING]\n> Applying %s cannot be undone:\n>\n", plural(len(irr), "this change", "these changes"))
	for _, it := range irr {
		bw.printf("> - %s", mdCode(it.Addr.String()))
		if d := m.describe(it.Addr); d != "" {
			bw.printf(": %s", mdText(d))
		}
		bw.printf("\n")
	}
	for _, it := range irr {
		if it.Addr.Kind == ece.KindUCCEIntegration {
			bw.printf(">\n> %s.\n", mdText(upperFirst(eceadmin.ErrPermanent.Error())))
			break
		}
	}
	bw.printf(">\n> Consenting means that you reviewed %s and accept that there is no way back."+
		" ecereconcile applies an irreversible step only with `--allow-irreversible`:"+
		" given to `apply -f SPEC`, or to `plan --out PLAN`, which records the consent in the plan file that `apply PLAN` follows."+
		" Without it, apply fails these resources, skips what depends on them and applies everything else.\n",
		plural(len(irr), "it", "them"))
	if pf != nil {
		if pf.AllowIrreversible {
			bw.printf(">\n> **The plan file records this consent**: %s performs %s.\n", mdCode("ecereconcile apply "+shellquote.Quote(pf.Path)), plural(len(irr), "it", "them"))
		} else {
			bw.printf(">\n> The plan file does **not** record this consent: %s will refuse %s."+
				" After review, plan again with `--allow-irreversible --out`.\n", mdCode("ecereconcile apply "+shellquote.Quote(pf.Path)), plural(len(irr), "it", "them"))
		}
	}
}

// manualSections maps the ECE kinds to their console section.
var manualSections = map[string]eceadmin.Section{
	ece.KindPartitionSSO:    eceadmin.PartitionSSO,
	ece.KindTraceLevel:      eceadmin.TraceLevels,
	ece.KindUCCEIntegration: eceadmin.UCCEIntegration,
}

// isOperatorTask reports whether applying it is a task for a person: an
// ECE setting through the manual backend.
func isOperatorTask(it *plan.Item) bool {
	return it.Change.After[ece.AttrBackend].S == "manual" || it.Change.Before[ece.AttrBackend].S == "manual"
}

// writeOperatorTasks lists the changes the manual ECE backend hands to an
// operator, with the console page of each.
func writeOperatorTasks(bw *errWriter, p *plan.Plan) {
	var tasks []*plan.Item
	for _, it := range p.Changes() {
		if isOperatorTask(it) {
			tasks = append(tasks, it)
		}
	}
	if len(tasks) == 0 {
		return
	}
	bw.printf("\n## Operator tasks (manual ECE backend)\n\n")
	bw.printf("ECE has no admin API for these settings. During apply, ecereconcile shows each task"+
		" (the console page and the values to enter; secrets as their reference) and waits for the operator"+
		" who made the change to type their name; with `--confirm-manual`, the user running apply attests"+
		" a change made beforehand. %s a person at the ECE console during the change window.\n\n",
		plural(len(tasks), "It needs", "Each needs"))
	for _, it := range tasks {
		bw.printf("- %s", mdCode(it.Addr.String()))
		if sec, ok := manualSections[it.Addr.Kind]; ok {
			bw.printf(" (%s): %s", mdText(sec.Title()), mdText(strings.Join(sec.ConsolePath(), " > ")))
		}
		bw.printf("\n")
	}
}

// writeMarkdownChanges writes each change: its reasons, then its attribute
// diff as the text view shows it.
func writeMarkdownChanges(bw *errWriter, p *plan.Plan, m Meta) {
	changes := p.Changes()
	if len(changes) == 0 {
		return
	}
	bw.printf("\n## Changes\n")
	for _, it := range changes {
		ch := it.Change
		bw.printf("\n### %s %s\n\n", ch.Action.Word(), mdCode(it.Addr.String()))
		var facts []string
		if d := m.describe(it.Addr); d != "" {
			facts = append(facts, mdText(d))
		}
		if ch.Irreversible {
			facts = append(facts, "**irreversible** (see [Irreversible steps](#irreversible-steps))")
		}
		if isOperatorTask(it) {
			facts = append(facts, "an operator task (see [Operator tasks](#operator-tasks-manual-ece-backend))")
		}
		if len(facts) > 0 {
			bw.printf("%s.\n\n", strings.Join(facts, "; "))
		}
		for _, r := range ch.Reasons {
			bw.printf("- %s: %s\n", mdCode(r.Code), mdText(r.Message))
		}
		for _, wn := range it.Current.Warnings {
			bw.printf("- warning: %s\n", mdText(wn))
		}
		if len(ch.Reasons)+len(it.Current.Warnings) > 0 {
			bw.printf("\n")
		}
		if diff := attrDiff(ch); len(diff) > 0 {
			mdCodeBlock(bw, "diff", diff)
		}
	}
}

// writeMarkdownProblems writes the warnings of unchanged resources, the
// errors (in code blocks: they are multi-line and quote reality) and the
// skipped resources.
func writeMarkdownProblems(bw *errWriter, p *plan.Plan) {
	first := true
	for _, it := range p.Items {
		if it.Err != nil || it.Skipped || it.Change.Action != resources.NoOp {
			continue
		}
		for _, wn := range it.Current.Warnings {
			if first {
				bw.printf("\n## Warnings\n\n")
				first = false
			}
			bw.printf("- %s: %s\n", mdCode(it.Addr.String()), mdText(wn))
		}
	}
	if failed := p.Failed(); len(failed) > 0 {
		bw.printf("\n## Errors\n")
		for _, it := range failed {
			bw.printf("\n%s:\n\n", mdCode(it.Addr.String()))
			mdCodeBlock(bw, "text", strings.Split(it.Err.Error(), "\n"))
		}
	}
	if skipped := p.Skipped(); len(skipped) > 0 {
		bw.printf("\n## Skipped\n\n")
		for _, it := range skipped {
			bw.printf("- %s: %s\n", mdCode(it.Addr.String()), mdText(it.SkipReason))
		}
	}
}

// writePlanFile tells how to quote, check and apply the saved plan, or how
// to make one.
func writePlanFile(bw *errWriter, m Meta, pf *PlanFile, failed bool) {
	bw.printf("\n## Plan file\n\n")
	switch {
	case pf != nil:
		bw.printf("Saved to %s. Quote its SHA-256 in the ticket:\n\n", mdCode(pf.Path))
		mdCodeBlock(bw, "text", []string{pf.SHA256})
		bw.printf("\nBefore applying, check the file is the one reviewed"+
			" (%s, or %s on Windows), then apply exactly this plan:\n\n",
			mdCode("sha256sum "+shellquote.Quote(pf.Path)), mdCode("Get-FileHash -Algorithm SHA256 "+shellquote.Quote(pf.Path)))
		mdCodeBlock(bw, "sh", []string{"ecereconcile apply " + shellquote.Quote(pf.Path)})
		bw.printf("\nIt refuses a plan made from another spec or another tool version, and names the resources" +
			" whose reality changed since the plan was made.\n")
	case failed:
		bw.printf("No plan file was written: the plan has errors. Fix them and plan again.\n")
	default:
		bw.printf("No plan file was saved. To attach one that can be applied exactly as reviewed, run:\n\n")
		mdCodeBlock(bw, "sh", []string{"ecereconcile plan -f " + shellquote.Quote(m.SpecFile) + " --out PLAN --format markdown"})
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
