package lab

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
