package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/shellquote"
)

func script(t *testing.T, shell string) string {
	t.Helper()
	code, out, stderr := run("completion", shell)
	if code != ExitOK {
		t.Fatalf("completion %s: exit %d: %s", shell, code, stderr)
	}
	return out
}

// TestBashCompletion sources the bash script in a real bash and asks it to
// complete command lines, as bash does on Tab.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	dir := t.TempDir()
	scriptFile := filepath.Join(dir, "ecereconcile.bash")
	if err := os.WriteFile(scriptFile, []byte(script(t, "bash")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"spec.yaml", "CHG42.plan"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := map[string]struct {
		line string // the words typed so far; the last one is completed
		want []string
		not  []string
	}{
		"commands":             {"ecereconcile pl", []string{"plan"}, []string{"apply"}},
		"all commands":         {"ecereconcile ", []string{"validate", "plan", "apply", "drift", "verify", "demo", "completion"}, nil},
		"plan flags":           {"ecereconcile plan --", []string{"--out", "--detailed-exitcode", "--format", "--allow-irreversible"}, []string{"--auto-approve"}},
		"apply flags":          {"ecereconcile apply --a", []string{"--auto-approve", "--allow-irreversible"}, []string{"--out"}},
		"plan formats":         {"ecereconcile plan --format ", []string{"text", "json", "markdown"}, []string{"prometheus"}},
		"drift formats":        {"ecereconcile drift --format ", []string{"text", "json", "prometheus"}, []string{"markdown"}},
		"spec is a file":       {"ecereconcile plan -f sp", []string{"spec.yaml"}, nil},
		"saved plan is a file": {"ecereconcile apply CH", []string{"CHG42.plan"}, nil},
		"lab subcommands":      {"ecereconcile lab ", []string{"init", "serve"}, nil},
		"lab serve flags":      {"ecereconcile lab serve --", []string{"--dir"}, nil},
		"shells":               {"ecereconcile completion ", []string{"bash", "zsh", "fish", "powershell"}, nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			words := strings.Fields(tt.line)
			if strings.HasSuffix(tt.line, " ") {
				words = append(words, "")
			}
			var arr strings.Builder
			for _, w := range words {
				arr.WriteString(shellquote.Quote(w) + " ")
			}
			prog := "source " + shellquote.Quote(scriptFile) + "\nCOMP_WORDS=(" + arr.String() + ")\nCOMP_CWORD=" +
				strconv.Itoa(len(words)-1) + "\n_ecereconcile\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
			cmd := exec.CommandContext(context.Background(), bash, "--norc", "--noprofile", "-c", prog)
			cmd.Dir = dir
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Run(); err != nil {
				t.Fatalf("bash: %v: %s", err, errb.String())
			}
			got := strings.Fields(out.String())
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("completing %q offers %v, want it to include %q", tt.line, got, w)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("completing %q offers %q, which that command does not take", tt.line, w)
				}
			}
		})
	}
}

// TestCompletionScriptsParse checks each script's syntax with its shell
// where that shell is installed, and that each names every command.
func TestCompletionScriptsParse(t *testing.T) {
	check := map[string][]string{
		"bash":       {"bash", "-n"},
		"zsh":        {"zsh", "-n"},
		"fish":       {"fish", "--no-execute"},
		"powershell": {"pwsh", "-NoProfile", "-Command", "$e=$null; [void][System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref]$null, [ref]$e); if ($e) { $e; exit 1 }"},
	}
	for _, shell := range shells {
		t.Run(shell, func(t *testing.T) {
			s := script(t, shell)
			for _, cmd := range commands() {
				if !strings.Contains(s, cmd.name) {
					t.Errorf("the %s script does not mention %s", shell, cmd.name)
				}
			}
			argv := check[shell]
			bin, err := exec.LookPath(argv[0])
			if err != nil {
				t.Skipf("%s is not installed; its script's syntax is not checked", argv[0])
			}
			f := filepath.Join(t.TempDir(), "completion")
			if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(bin, append(argv[1:], f)...).CombinedOutput(); err != nil {
				t.Errorf("%s rejects the script: %v\n%s", argv[0], err, out)
			}
		})
	}
}

func TestCompletionNeedsOneKnownShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}} {
		if code, _, stderr := run(args...); code != ExitError || !strings.Contains(stderr, "bash, zsh, fish, powershell") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
