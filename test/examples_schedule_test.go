package test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// scheduleDir holds the drift recipes.
var scheduleDir = filepath.Join(exampleDir, "schedule")

// cronFields are the ranges and names of a crontab line's five fields.
var cronFields = []struct {
	name   string
	lo, hi int
	names  []string
}{
	{"minute", 0, 59, nil},
	{"hour", 0, 23, nil},
	{"day of month", 1, 31, nil},
	{"month", 1, 12, []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	{"day of week", 0, 7, []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
}

// cronFieldOK checks one field: lists of *, N, N-M, each optionally /STEP.
func cronFieldOK(f string, lo, hi int, names []string) bool {
	value := func(s string) (int, bool) {
		if i := slices.Index(names, strings.ToLower(s)); i >= 0 {
			return i + lo, true
		}
		var n int
		if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s {
			return 0, false
		}
		return n, n >= lo && n <= hi
	}
	for _, item := range strings.Split(f, ",") {
		rng, step, hasStep := strings.Cut(item, "/")
		if hasStep {
			if n, ok := value(step); !ok || n < 1 {
				return false
			}
		}
		if rng == "*" {
			continue
		}
		a, b, isRange := strings.Cut(rng, "-")
		x, ok := value(a)
		if !ok {
			return false
		}
		if isRange {
			y, ok := value(b)
			if !ok || y < x {
				return false
			}
		} else if hasStep {
			return false // N/STEP is not portable
		}
	}
	return true
}

// TestExamplesCrontab: the crontab's job lines have five valid fields and
// run the wrapper that exists, with a spec and a textfile.
func TestExamplesCrontab(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(scheduleDir, "crontab"))
	if err != nil {
		t.Fatal(err)
	}
	envLine := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
	jobs := 0
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || envLine.MatchString(line) {
			continue
		}
		jobs++
		f := strings.Fields(line)
		if len(f) < 6 {
			t.Errorf("line %d: want 5 time fields and a command: %q", i+1, line)
			continue
		}
		for j, cf := range cronFields {
			if !cronFieldOK(f[j], cf.lo, cf.hi, cf.names) {
				t.Errorf("line %d: %s field %q is not valid (%d-%d)", i+1, cf.name, f[j], cf.lo, cf.hi)
			}
		}
		wrapper := filepath.Join(scheduleDir, filepath.Base(f[5]))
		st, err := os.Stat(wrapper)
		if err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("line %d runs %s, which is not an executable file in examples/schedule (%v)", i+1, f[5], err)
		}
		if args := f[6:]; len(args) != 2 || !strings.HasSuffix(args[0], ".yaml") || !strings.HasSuffix(args[1], ".prom") {
			t.Errorf("line %d: want the wrapper's arguments SPEC.yaml TEXTFILE.prom, got %q", i+1, args)
		}
	}
	if jobs == 0 {
		t.Error("the crontab has no job line")
	}
	for _, tt := range []struct {
		field string
		ok    bool
	}{{"*/15", true}, {"0,30", true}, {"1-5", true}, {"mon-fri", true}, {"60", false}, {"*/0", false}, {"5-1", false}, {"a", false}, {"", false}} {
		if got := cronFieldOK(tt.field, 0, 59, cronFields[4].names); got != tt.ok {
			t.Errorf("cronFieldOK(%q) = %v, want %v", tt.field, got, tt.ok)
		}
	}
}

// fakeDrift stands for ecereconcile in the wrapper's tests: it records its
// arguments, fails when the textfile changed before the wrapper's rename,
// writes FAKE_REPORT to --out and exits FAKE_EXIT ("kill": SIGKILL). Like
// the real one with --out, it prints nothing on stdout, and on stderr only
// what is not in sync.
const fakeDrift = `#!/bin/sh
printf '%s\n' "$@" >"$FAKE_ARGS"
if [ "$(cat "$FAKE_FINAL")" != "$(printf '%s' "$FAKE_PREVIOUS")" ]; then echo "the textfile changed while drift ran" >&2; exit 99; fi
out=
while [ "$#" -gt 0 ]; do
	if [ "$1" = --out ]; then out=$2; fi
	shift
done
if [ -n "$FAKE_REPORT" ]; then printf '%s' "$FAKE_REPORT" >"$out"; fi
case $FAKE_EXIT in
2) echo "ecereconcile: drift: keystore.ads_cacerts[ads-a]: drift (EntryMissing)" >&2 ;;
1) echo "ecereconcile: drift: check.mrds[PCCE]: error (HTTP 503)" >&2 ;;
kill) kill -9 $$ ;;
esac
exit "$FAKE_EXIT"
`

// TestExamplesDriftWrapperSh runs ecereconcile-drift.sh with a fake
// ecereconcile that exits 0, 2, 1 and worse.
func TestExamplesDriftWrapperSh(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	wrapper, err := filepath.Abs(filepath.Join(scheduleDir, "ecereconcile-drift.sh"))
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "ecereconcile"), []byte(fakeDrift), 0o755); err != nil {
		t.Fatal(err)
	}
	const report = "ecereconcile_drift_check_success{environment=\"prod\"} 1\n"
	const spec = `/etc/ecereconcile/a"b\c.yaml` // quotes and backslashes are escaped in the label
	failed := "ecereconcile_drift_check_success{environment=\"\",spec=\"/etc/ecereconcile/a\\\"b\\\\c.yaml\"} 0\n"
	// A previous report: its environment and last check are kept when
	// drift writes none, so the timestamp grows old for an alert.
	const lastCheck = "# TYPE ecereconcile_drift_last_check_timestamp_seconds gauge\necereconcile_drift_last_check_timestamp_seconds{environment=\"prod\"} 1.7e+09\n"
	previous := report + lastCheck
	failedKeeps := "ecereconcile_drift_check_success{environment=\"prod\",spec=\"/etc/ecereconcile/a\\\"b\\\\c.yaml\"} 0\n" + lastCheck
	tests := []struct {
		name, exit, report, ecereconcile string
		previous                         string // the textfile before; "" means "old"
		wantCode                         int
		wantText                         string // the textfile's last line(s)
		wantStderr                       []string
	}{
		{"in sync", "0", report, "", "", 0, report, nil},
		{"drift", "2", report, "", "", 2, report, []string{"has drifted", "keystore.ads_cacerts[ads-a]: drift (EntryMissing)"}},
		{"error with a report", "1", report, "", "", 1, report, []string{"failed (exit 1)", "check.mrds[PCCE]: error"}},
		{"error without a report", "1", "", "", "", 1, failed, []string{"failed (exit 1)"}},
		{"error without a report keeps the last check", "1", "", "", previous, 1, failedKeeps, []string{"failed (exit 1)"}},
		{"in sync without a report", "0", "", "", "", 1, failed, []string{"without writing its report"}},
		{"killed", "kill", "", "", "", 1, failed, []string{"failed (exit 137)"}},
		{"not installed", "0", "", "/nonexistent/ecereconcile", "", 1, failed, []string{"failed (exit 127)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			textfile := filepath.Join(dir, "ecereconcile_prod.prom")
			prev := tt.previous
			if prev == "" {
				prev = "old"
			}
			if err := os.WriteFile(textfile, []byte(prev), 0o644); err != nil {
				t.Fatal(err)
			}
			argsFile := filepath.Join(t.TempDir(), "args")
			cmd := exec.Command(sh, wrapper, spec, textfile)
			cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
				"FAKE_ARGS="+argsFile, "FAKE_FINAL="+textfile, "FAKE_PREVIOUS="+prev, "FAKE_REPORT="+tt.report, "FAKE_EXIT="+tt.exit,
				"ECERECONCILE="+tt.ecereconcile) // empty: ecereconcile on PATH
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, tt.wantCode, stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout is for nothing, got %q", stdout.String())
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			if len(tt.wantStderr) == 0 && stderr.Len() > 0 {
				t.Errorf("in sync is silent (no cron mail), got stderr:\n%s", stderr.String())
			}
			got, err := os.ReadFile(textfile)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(string(got), tt.wantText) || (tt.wantText == report && string(got) != report) {
				t.Errorf("textfile:\n%s\nwant it to end with:\n%s", got, tt.wantText)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("want only the textfile in its folder, got %v", entries)
			}
			if tt.ecereconcile != "" {
				return
			}
			args, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatal(err)
			}
			a := strings.Split(strings.TrimSuffix(string(args), "\n"), "\n")
			if len(a) != 7 || !slices.Equal(a[:6], []string{"drift", "-f", spec, "--format", "prometheus", "--out"}) {
				t.Fatalf("ecereconcile ran with %q", a)
			}
			if tmp := a[6]; filepath.Dir(tmp) != dir || strings.HasSuffix(tmp, ".prom") {
				t.Errorf("--out %s: want a file beside the textfile (one rename away) that the collector skips (not *.prom)", tmp)
			}
		})
	}
}

// taskNS is the Task Scheduler schema's namespace.
const taskNS = "http://schemas.microsoft.com/windows/2004/02/mit/task"

// taskChildren are the Task Scheduler schema's element names (taskType and
// the types the example uses), per parent.
var taskChildren = map[string][]string{
	"":                 {"Task"},
	"Task":             {"RegistrationInfo", "Triggers", "Settings", "Data", "Principals", "Actions"},
	"RegistrationInfo": {"URI", "SecurityDescriptor", "Source", "Date", "Author", "Version", "Description", "Documentation"},
	"Triggers":         {"BootTrigger", "RegistrationTrigger", "IdleTrigger", "TimeTrigger", "EventTrigger", "LogonTrigger", "SessionStateChangeTrigger", "CalendarTrigger"},
	"CalendarTrigger":  {"Enabled", "StartBoundary", "EndBoundary", "Repetition", "ExecutionTimeLimit", "RandomDelay", "ScheduleByDay", "ScheduleByWeek", "ScheduleByMonth", "ScheduleByMonthDayOfWeek"},
	"Repetition":       {"Interval", "Duration", "StopAtDurationEnd"},
	"ScheduleByDay":    {"DaysInterval"},
	"Principals":       {"Principal"},
	"Principal":        {"UserId", "LogonType", "GroupId", "DisplayName", "RunLevel", "ProcessTokenSidType", "RequiredPrivileges"},
	"Settings": {"AllowStartOnDemand", "RestartOnFailure", "MultipleInstancesPolicy", "DisallowStartIfOnBatteries", "StopIfGoingOnBatteries",
		"AllowHardTerminate", "StartWhenAvailable", "NetworkProfileName", "RunOnlyIfNetworkAvailable", "WakeToRun", "Enabled", "Hidden",
		"DeleteExpiredTaskAfter", "IdleSettings", "NetworkSettings", "ExecutionTimeLimit", "Priority", "RunOnlyIfIdle",
		"UseUnifiedSchedulingEngine", "DisallowStartOnRemoteAppSession"},
	"Actions": {"Exec", "ComHandler", "SendEmail", "ShowMessage"},
	"Exec":    {"Command", "Arguments", "WorkingDirectory"},
}

// scheduledTask is the part of the task the test reads.
type scheduledTask struct {
	XMLName   xml.Name `xml:"http://schemas.microsoft.com/windows/2004/02/mit/task Task"`
	Version   string   `xml:"version,attr"`
	Interval  string   `xml:"Triggers>CalendarTrigger>Repetition>Interval"`
	Principal struct {
		ID        string `xml:"id,attr"`
		UserID    string `xml:"UserId"`
		LogonType string
	} `xml:"Principals>Principal"`
	Actions struct {
		Context string `xml:",attr"`
		Exec    []struct {
			Command, Arguments string
		}
	}
}

// TestExamplesTaskScheduler: the task XML uses the Task Scheduler schema's
// elements, in a form schtasks /Create /XML reads, and runs the PowerShell
// wrapper with parameters it declares.
func TestExamplesTaskScheduler(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(scheduleDir, "ecereconcile-drift.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range data {
		if b >= 0x80 {
			t.Fatalf("byte %d is not ASCII: the file declares no encoding, so it must be plain ASCII", i)
		}
	}
	// Element names, by parent.
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			if e.Name.Space != taskNS {
				t.Errorf("<%s> is not in the Task Scheduler namespace", e.Name.Local)
			}
			if !slices.Contains(taskChildren[parent], e.Name.Local) {
				t.Errorf("<%s> is not an element of <%s> in the Task Scheduler schema", e.Name.Local, parent)
			}
			stack = append(stack, e.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	var task scheduledTask
	if err := xml.Unmarshal(data, &task); err != nil {
		t.Fatal(err)
	}
	if task.Version != "1.2" {
		t.Errorf("version %q: want 1.2 (Windows Server 2008 R2 and later)", task.Version)
	}
	if !regexp.MustCompile(`^PT([1-9][0-9]*M|[1-9][0-9]*H)$`).MatchString(task.Interval) {
		t.Errorf("repetition interval %q: want PTnM or PTnH", task.Interval)
	}
	if task.Principal.ID != task.Actions.Context || task.Principal.UserID == "" {
		t.Errorf("the actions run as %q, the principal is %q (%s)", task.Actions.Context, task.Principal.ID, task.Principal.UserID)
	}
	if len(task.Actions.Exec) != 1 {
		t.Fatalf("want one Exec action, got %d", len(task.Actions.Exec))
	}
	exe := task.Actions.Exec[0]
	if !strings.EqualFold(winBase(exe.Command), "powershell.exe") {
		t.Errorf("command %s: want Windows PowerShell", exe.Command)
	}
	args := splitWindowsArgs(exe.Arguments)
	i := slices.Index(args, "-File")
	if i < 0 || i+1 >= len(args) {
		t.Fatalf("arguments %q: want -File WRAPPER", exe.Arguments)
	}
	ps1 := filepath.Join(scheduleDir, winBase(args[i+1]))
	params, mandatory := psParams(t, ps1)
	given := map[string]bool{}
	for j := i + 2; j < len(args); j += 2 {
		name := strings.TrimPrefix(args[j], "-")
		if !slices.Contains(params, name) || j+1 >= len(args) {
			t.Errorf("the task passes %s, not a parameter of %s (%v) with a value", args[j], ps1, params)
		}
		given[name] = true
	}
	for _, m := range mandatory {
		if !given[m] {
			t.Errorf("the task does not pass the mandatory -%s", m)
		}
	}
}

// winBase is the last element of a Windows path.
func winBase(p string) string { return p[strings.LastIndexAny(p, `\/`)+1:] }

// splitWindowsArgs splits a command line the way the C runtime does for
// the simple cases of the example: spaces, and double quotes around values.
func splitWindowsArgs(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote, has := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote, has = !inQuote, true
		case r == ' ' && !inQuote:
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}

// psParams reads the parameters of a PowerShell script's param block and
// which of them are mandatory.
func psParams(t *testing.T, path string) (params, mandatory []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the task runs %s: %v", filepath.Base(path), err)
	}
	_, block, ok := strings.Cut(string(data), "\nparam(")
	block, _, ok2 := strings.Cut(block, "\n)")
	if !ok || !ok2 {
		t.Fatalf("%s has no param( ... ) block", path)
	}
	for _, m := range regexp.MustCompile(`(?m)^\s*(\[Parameter\(Mandatory = \$true\)\]\s*)?\[\w+\]\s*\$(\w+)`).FindAllStringSubmatch(block, -1) {
		params = append(params, m[2])
		if m[1] != "" {
			mandatory = append(mandatory, m[2])
		}
	}
	return params, mandatory
}

// TestExamplesPowerShellParses parses the wrapper with PowerShell's parser
// when pwsh is installed.
func TestExamplesPowerShellParses(t *testing.T) {
	pwsh, err := exec.LookPath("pwsh")
	if err != nil {
		t.Skip("pwsh is not installed: the PowerShell wrapper's syntax is not checked here (its parameters and ecereconcile's flags are, by TestExamplesTaskScheduler and TestExamplesUseRealFlags)")
	}
	script, err := filepath.Abs(filepath.Join(scheduleDir, "ecereconcile-drift.ps1"))
	if err != nil {
		t.Fatal(err)
	}
	check := `$errs = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('` + strings.ReplaceAll(script, "'", "''") +
		`', [ref]$null, [ref]$errs); if ($errs) { $errs | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" }; exit 1 }`
	out, err := exec.Command(pwsh, "-NoProfile", "-NonInteractive", "-Command", check).CombinedOutput()
	if err != nil {
		t.Errorf("%s does not parse: %v\n%s", script, err, out)
	}
}

// cliCall is one ecereconcile command line written in an example file.
var cliCall = regexp.MustCompile(`(?:^|[\s"'(` + "`" + `])(?:ecereconcile(?:\.exe)?|"\$ecereconcile"|\$Ecereconcile)\s+(validate|plan|apply|drift|graph|verify|schema|completion|lab|demo)\b([^\n|;>&)` + "`" + `]*)`)

// cliFlag is a flag in a command line, with its value when it has one.
var cliFlag = regexp.MustCompile(`(?:^|\s)--?([a-z][a-z-]*)(?:[ =]([^\s-]\S*))?`)

// TestExamplesUseRealFlags: the ecereconcile command lines in the wrappers,
// the GitOps pipeline and the READMEs use flags (and --format values) that
// the binary's `COMMAND -h` lists.
func TestExamplesUseRealFlags(t *testing.T) {
	r := newRunner(t)
	help := map[string]string{}
	helpOf := func(cmd string) string {
		if _, ok := help[cmd]; !ok {
			res := r.run(cmd, "-h")
			help[cmd] = res.stdout + res.stderr
		}
		return help[cmd]
	}
	files := []string{
		filepath.Join(scheduleDir, "ecereconcile-drift.sh"),
		filepath.Join(scheduleDir, "ecereconcile-drift.ps1"),
		filepath.Join(scheduleDir, "ecereconcile-drift.xml"),
		filepath.Join(scheduleDir, "README.md"),
		filepath.Join(exampleDir, "gitops", "ci", "github-actions.yml"),
		filepath.Join(exampleDir, "gitops", "README.md"),
		filepath.Join(exampleDir, "README.md"),
	}
	for _, f := range files {
		t.Run(filepath.ToSlash(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(string(data), "\\\n", " ") // continued lines
			calls := cliCall.FindAllStringSubmatch(text, -1)
			if len(calls) == 0 && !strings.HasSuffix(f, ".md") {
				t.Fatalf("no ecereconcile command line found in %s", f)
			}
			for _, c := range calls {
				cmd, h := c[1], helpOf(c[1])
				for _, fl := range cliFlag.FindAllStringSubmatch(c[2], -1) {
					name, value := fl[1], strings.Trim(fl[2], `"'`)
					line := regexp.MustCompile(`(?m)^\s+-` + regexp.QuoteMeta(name) + `\b.*\n?.*`).FindString(h)
					switch {
					case name == "h":
					case line == "":
						t.Errorf("%q: ecereconcile %s has no flag -%s", strings.TrimSpace(c[0]), cmd, name)
					case name == "format" && !regexp.MustCompile(`\b`+regexp.QuoteMeta(value)+`\b`).MatchString(line):
						t.Errorf("%q: ecereconcile %s --format has no value %q (%s)", strings.TrimSpace(c[0]), cmd, value, strings.TrimSpace(line))
					}
				}
			}
		})
	}
}
