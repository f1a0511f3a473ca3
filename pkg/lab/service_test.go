package lab

import (
	"testing"
	"time"
)

func TestServiceJSON(t *testing.T) {
	got, err := serviceJSON("Apache Tomcat", time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"Apache Tomcat","running":true,"startedAt":"2026-11-20T08:00:00Z","restarts":0}` + "\n"
	if string(got) != want {
		t.Errorf("got %s want %s", got, want)
	}
}

func TestTomcatStateOnADS(t *testing.T) {
	l := newLab(t)
	want := `{"name":"Apache Tomcat","running":true,"startedAt":"2026-11-20T10:46:00Z","restarts":0}` + "\n"
	for _, h := range []string{"ads-a", "ads-b"} {
		if got := string(readFile(t, ServicePath(l.Dir, h, TomcatService))); got != want {
			t.Errorf("%s: got %s want %s", h, got, want)
		}
	}
}
