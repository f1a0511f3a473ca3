package lab

import "testing"

func TestTomcatStateOnADS(t *testing.T) {
	l := newLab(t)
	want := `{"name":"Apache Tomcat","running":true,"startedAt":"2026-11-20T10:46:00Z","restarts":0}` + "\n"
	for _, h := range []string{"ads-a", "ads-b"} {
		if got := string(readFile(t, ServicePath(l.Dir, h, TomcatService))); got != want {
			t.Errorf("%s: got %s want %s", h, got, want)
		}
	}
}
