package lab

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/lab/faults"
)

func TestServeEndpointsAndLock(t *testing.T) {
	l := newLab(t)
	s, err := Start(l.Dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	spec := string(readFile(t, l.SpecPath))
	for _, want := range []string{"url: " + s.Endpoints.PCCE + "  # lab serve\n", "url: " + s.Endpoints.LDAPS + "  # lab serve\n"} {
		if !strings.Contains(spec, want) {
			t.Errorf("spec.yaml lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(l.Dir, ReadyFile)); err != nil {
		t.Errorf("no ready file: %v", err)
	}
	if _, err := Start(l.Dir, nil); err == nil || !strings.Contains(err.Error(), "already served") {
		t.Errorf("a second Start on the same lab: %v, want already served", err)
	}
	if _, err := os.Stat(filepath.Join(l.Dir, ReadyFile)); err != nil {
		t.Errorf("the refused second Start removed the ready file: %v", err)
	}
	s.Close()
	for _, f := range []string{ReadyFile, ServeLockFile} {
		if _, err := os.Stat(filepath.Join(l.Dir, filepath.FromSlash(f))); !os.IsNotExist(err) {
			t.Errorf("%s left behind after Close (%v)", f, err)
		}
	}
	again, err := Start(l.Dir, nil)
	if err != nil {
		t.Fatalf("Start after Close: %v", err)
	}
	again.Close()
}

func TestRewriteEndpointsKeepsLineEndings(t *testing.T) {
	in := "a:\r\n  url: https://127.0.0.1:1  # lab serve\r\n\r\n  url: ldaps://127.0.0.1:2 # lab serve\n\nz: 1\n"
	out, err := rewriteEndpoints([]byte(in), Endpoints{PCCE: "https://127.0.0.1:9", LDAPS: "ldaps://127.0.0.1:8"})
	if err != nil {
		t.Fatal(err)
	}
	want := "a:\r\n  url: https://127.0.0.1:9  # lab serve\r\n\r\n  url: ldaps://127.0.0.1:8 # lab serve\n\nz: 1\n"
	if string(out) != want {
		t.Errorf("got %q\nwant %q", out, want)
	}
}

// readyFaults is the "faults" of the ready file.
func readyFaults(t *testing.T, dir string) string {
	t.Helper()
	var r struct {
		LDAPS, PCCE, Faults string
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, ReadyFile)), &r); err != nil {
		t.Fatal(err)
	}
	if r.LDAPS == "" || r.PCCE == "" {
		t.Errorf("ready file without endpoints: %+v", r)
	}
	return r.Faults
}

// ldapAnswers reports whether the served directory accepts connections.
func ldapAnswers(s *Server) bool {
	c, err := net.Dial("tcp", strings.TrimPrefix(s.Endpoints.LDAPS, "ldaps://"))
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

func TestServeFaults(t *testing.T) {
	l := newLab(t)
	s, err := StartWith(l.Dir, ServeOptions{Faults: &faults.Set{PCCE: faults.PCCE{Conflicts: 1}, LDAPDown: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	path := filepath.Join(l.Dir, FaultsFile)
	if got := string(readFile(t, path)); !strings.HasSuffix(got, "\nconflict=1,ldap=down\n") {
		t.Errorf("the faults file holds %q", got)
	}
	if got := readyFaults(t, l.Dir); got != "conflict=1,ldap=down" {
		t.Errorf("ready says faults %q", got)
	}
	if ldapAnswers(s) {
		t.Error("the directory answers with ldap=down")
	}

	steps := []struct {
		name    string
		write   *string // nil: remove the file
		changed bool
		want    string
		err     string
	}{
		{name: "the directory back", write: ptr("ldap=up\n"), changed: true, want: "none"},
		{name: "the same content again", write: ptr("ldap=up\n"), want: "none"},
		{name: "PCCE faults", write: ptr("# trial\nfail=0.1 seed=4\nhang=1\n"), changed: true, want: "fail=0.1,seed=4,hang=1"},
		{name: "an invalid content keeps the faults", write: ptr("fail=7\n"), changed: true, want: "fail=0.1,seed=4,hang=1",
			err: FaultsFile + `: fault "fail=7": fail is a share of requests from 0 to 1, like 0.2`},
		{name: "the invalid content is reported once", write: ptr("fail=7\n"), want: "fail=0.1,seed=4,hang=1"},
		{name: "down again", write: ptr("ldap=down"), changed: true, want: "ldap=down"},
		{name: "file removed", changed: true, want: "none"},
	}
	for _, st := range steps {
		if st.write == nil {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		} else if err := os.WriteFile(path, []byte(*st.write), 0o644); err != nil {
			t.Fatal(err)
		}
		set, changed, err := s.ReloadFaults()
		switch {
		case st.err == "" && err != nil:
			t.Errorf("%s: %v", st.name, err)
		case st.err != "" && (err == nil || !strings.HasSuffix(err.Error(), st.err)):
			t.Errorf("%s: error %v, want one ending in %s", st.name, err, st.err)
		}
		if changed != st.changed || set.String() != st.want {
			t.Errorf("%s: %s, changed %v; want %s, changed %v", st.name, set, changed, st.want, st.changed)
		}
		if got := readyFaults(t, l.Dir); got != st.want {
			t.Errorf("%s: ready says %q, want %q", st.name, got, st.want)
		}
		if down := strings.Contains(st.want, "ldap=down"); ldapAnswers(s) == down {
			t.Errorf("%s: the directory answers: %v", st.name, !down)
		}
		if hanging := strings.Contains(st.want, "hang="); s.Hanging() != hanging {
			t.Errorf("%s: PCCE requests hang: %v", st.name, !hanging)
		}
	}
	if err := s.SetFaults(faults.Set{PCCE: faults.PCCE{FailNext: 1}}); err != nil {
		t.Fatal(err)
	}
	if got := readyFaults(t, l.Dir); got != "fail-next=1" || s.Faults().String() != got {
		t.Errorf("after SetFaults, ready says %q, Faults() %s", got, s.Faults())
	}
}

func ptr(s string) *string { return &s }

func TestStartRefusesAnInvalidFaultsFile(t *testing.T) {
	l := newLab(t)
	path := filepath.Join(l.Dir, FaultsFile)
	if err := os.WriteFile(path, []byte("latency=fast\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Start(l.Dir, nil)
	if want := path + `: fault "latency=fast": latency is a duration from 0 to 1m0s, like 50ms`; err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	for _, f := range []string{ReadyFile, ServeLockFile} {
		if _, err := os.Stat(filepath.Join(l.Dir, filepath.FromSlash(f))); !os.IsNotExist(err) {
			t.Errorf("%s left behind by a refused start (%v)", f, err)
		}
	}
	// Flags replace the file.
	s, err := StartWith(l.Dir, ServeOptions{Faults: &faults.Set{}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := readyFaults(t, l.Dir); got != "none" {
		t.Errorf("ready says %q", got)
	}
}

func TestServeWithWatchesTheFaultsFile(t *testing.T) {
	l := newLab(t)
	ctx, cancel := context.WithCancel(context.Background())
	told := make(chan string, 4)
	done := make(chan error, 1)
	go func() {
		done <- ServeWith(ctx, l.Dir, ServeOptions{FaultsPoll: time.Millisecond, OnFaults: func(s faults.Set, err error) {
			if err != nil {
				told <- err.Error()
				return
			}
			told <- s.String()
		}}, func(*Server) {
			if err := os.WriteFile(filepath.Join(l.Dir, FaultsFile), []byte("ldap=down\n"), 0o644); err != nil {
				t.Error(err)
			}
		})
	}()
	select {
	case got := <-told:
		if got != "ldap=down" {
			t.Errorf("OnFaults told %q, want ldap=down", got)
		}
	case err := <-done:
		t.Fatalf("ServeWith returned: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the faults file was not applied")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(l.Dir, ReadyFile)); !os.IsNotExist(err) {
		t.Errorf("ready left behind (%v)", err)
	}
}
