package lab

import (
	"errors"
	"io/fs"
	"os"
	"testing"
)

func TestTomcatStateOnADS(t *testing.T) {
	l := newLab(t)
	want := `{"name":"Apache Tomcat","running":true,"startedAt":"2026-11-20T10:46:00Z","restarts":0}` + "\n"
	for _, h := range []string{"ads-a", "ads-b"} {
		if got := string(readFile(t, ServicePath(l.Dir, h, TomcatService))); got != want {
			t.Errorf("%s: got %s want %s", h, got, want)
		}
	}
}

func TestCiscoServiceOnECEServersButWeb(t *testing.T) {
	l := newLab(t)
	want := `{"name":"Cisco Service","running":true,"startedAt":"2026-11-19T10:46:00Z","restarts":0}` + "\n"
	for _, h := range Topology() {
		t.Run(h.Name, func(t *testing.T) {
			_, err := os.Stat(ServicePath(l.Dir, h.Name, CiscoService))
			if h.HasRole("ece-app") || h.HasRole("ece-data") {
				if got := string(readFile(t, ServicePath(l.Dir, h.Name, CiscoService))); got != want {
					t.Errorf("got %s want %s", got, want)
				}
				return
			}
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s has Cisco Service (err %v); only the ECE app and data servers run it", h.Name, err)
			}
		})
	}
}
