package runlock

import (
	"os"
	"os/exec"
	"testing"
)

func TestProcessAlive(t *testing.T) {
	done := exec.Command(os.Args[0], "-test.run=^$")
	if err := done.Run(); err != nil {
		t.Fatalf("running a short-lived process: %v", err)
	}
	tests := map[string]struct {
		pid  int
		want bool
	}{
		"this process":          {pid: os.Getpid(), want: true},
		"a process that exited": {pid: done.Process.Pid, want: false},
		"pid 0":                 {pid: 0, want: false},
		"negative pid":          {pid: -1, want: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := ProcessAlive(tc.pid); got != tc.want {
				t.Errorf("ProcessAlive(%d) = %v, want %v", tc.pid, got, tc.want)
			}
		})
	}
}
