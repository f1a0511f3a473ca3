package plan

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func TestJournals(t *testing.T) {
	t0 := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
	svc, svc2 := addr("service.tomcat[ads-a]"), addr("service.tomcat[ads-b]")
	tests := map[string]struct {
		steps func(j Journal) error
		want  string
	}{
		"record is de-duplicated by From, earliest kept": {
			steps: func(j Journal) error {
				return firstErr(
					j.Record(svc, resources.Trigger{From: addr("ks.b"), Since: t0}),
					j.Record(svc, resources.Trigger{From: addr("ks.a"), Since: t0.Add(time.Minute)}),
					j.Record(svc, resources.Trigger{From: addr("ks.b"), Since: t0.Add(time.Hour)}),
				)
			},
			want: "service.tomcat[ads-a]: [ks.a@2025-05-01T10:01:00Z ks.b@2025-05-01T10:00:00Z]",
		},
		"clear forgets one subscriber only": {
			steps: func(j Journal) error {
				return firstErr(
					j.Record(svc, resources.Trigger{From: addr("ks.a"), Since: t0}),
					j.Record(svc2, resources.Trigger{From: addr("ks.a"), Since: t0}),
					j.Clear(svc),
					j.Clear(addr("service.never")),
				)
			},
			want: "service.tomcat[ads-b]: [ks.a@2025-05-01T10:00:00Z]",
		},
	}
	kinds := map[string]func(t *testing.T) (Journal, func() Journal){
		"memory": func(t *testing.T) (Journal, func() Journal) {
			j := NewMemJournal()
			return j, func() Journal { return j }
		},
		"file": func(t *testing.T) (Journal, func() Journal) {
			dir := filepath.Join(t.TempDir(), "state")
			j, err := OpenFileJournal(dir)
			if err != nil {
				t.Fatal(err)
			}
			// reopen: what a later process sees
			return j, func() Journal {
				j2, err := OpenFileJournal(dir)
				if err != nil {
					t.Fatal(err)
				}
				return j2
			}
		},
	}
	for kind, open := range kinds {
		for name, tt := range tests {
			t.Run(kind+"/"+name, func(t *testing.T) {
				j, reopen := open(t)
				if err := tt.steps(j); err != nil {
					t.Fatal(err)
				}
				pend, err := reopen().Pending()
				if err != nil {
					t.Fatal(err)
				}
				if got := pendingString(pend); got != tt.want {
					t.Errorf("pending\n got %s\nwant %s", got, tt.want)
				}
			})
		}
	}
}

func TestFileJournalFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	j, err := OpenFileJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("opening created the directory (want it created lazily): %v", err)
	}
	if err := j.Record(addr("svc.s"), resources.Trigger{From: addr("ks.k"), Since: time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(j.Path())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("stray files next to the journal: %v", entries)
	}
	raw, _ := os.ReadFile(j.Path())
	want := "{\n  \"version\": 1,\n  \"pending\": {\n    \"svc.s\": [\n      {\n        \"from\": \"ks.k\",\n        \"since\": \"2025-05-01T10:00:00Z\"\n      }\n    ]\n  }\n}\n"
	if string(raw) != want {
		t.Errorf("pending.json\n got %s\nwant %s", raw, want)
	}
}

func TestOpenFileJournalRefusesCorrupt(t *testing.T) {
	tests := map[string]struct {
		content, want string
	}{
		"not JSON":      {"{oops", "not valid JSON"},
		"other version": {`{"version": 7, "pending": {}}`, "version 7 is not supported"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, JournalFileName), []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := OpenFileJournal(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), JournalFileName) {
				t.Errorf("OpenFileJournal error %v, want one naming the file and saying %q", err, tt.want)
			}
		})
	}
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func pendingString(p map[resources.Addr][]resources.Trigger) string {
	var subs []resources.Addr
	for k := range p {
		subs = append(subs, k)
	}
	sortAddrs(subs)
	var lines []string
	for _, s := range subs {
		lines = append(lines, s.String()+": "+triggerString(p[s]))
	}
	return strings.Join(lines, "\n")
}
