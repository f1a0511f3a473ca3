//go:build crashtest

// This file exists only in a binary built with -tags crashtest, for the
// crash-safety and lock tests (test/crash_test.go, test/pcce_test.go). It
// counts the steps of every file write (internal/atomicfile) and, at one of
// them, kills its own process (SIGKILL on Unix, TerminateProcess on
// Windows: no deferred function runs, no buffer is flushed, the lock stays
// behind, as when an operator or the OS kills apply) or pauses until told
// to go on.
//
//	ECERECONCILE_CRASH_AT=N    kill the process right after the Nth step (from 1)
//	ECERECONCILE_CRASH_LOG=F   append "N step target" to F for every step
//	ECERECONCILE_PAUSE_AT=N    after the Nth step create F.paused, then wait
//	ECERECONCILE_PAUSE_FILE=F  until F exists

package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
)

const (
	crashAtEnv    = "ECERECONCILE_CRASH_AT"
	crashLogEnv   = "ECERECONCILE_CRASH_LOG"
	pauseAtEnv    = "ECERECONCILE_PAUSE_AT"
	pauseFileEnv  = "ECERECONCILE_PAUSE_FILE"
	pausePollTime = 10 * time.Millisecond
)

func init() {
	crashAt, pauseAt := stepEnv(crashAtEnv), stepEnv(pauseAtEnv)
	pauseFile := os.Getenv(pauseFileEnv)
	if pauseAt > 0 && pauseFile == "" {
		crashTestFatal("%s needs %s", pauseAtEnv, pauseFileEnv)
	}
	var log *os.File
	if p := os.Getenv(crashLogEnv); p != "" {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			crashTestFatal("%s: %v", crashLogEnv, err)
		}
		log = f
	}
	if crashAt == 0 && pauseAt == 0 && log == nil {
		return
	}
	var (
		mu    sync.Mutex
		count int
	)
	atomicfile.SetHook(func(step atomicfile.Step, target string) {
		mu.Lock()
		defer mu.Unlock()
		count++
		if log != nil {
			fmt.Fprintf(log, "%d %s %s\n", count, step, target)
		}
		switch count {
		case crashAt:
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				p.Kill()
			}
			select {} // the kill is on its way: never write on
		case pauseAt:
			if err := os.WriteFile(pauseFile+".paused", nil, 0o600); err != nil {
				crashTestFatal("%s: %v", pauseFileEnv, err)
			}
			for {
				if _, err := os.Stat(pauseFile); err == nil {
					return
				}
				time.Sleep(pausePollTime)
			}
		}
	})
}

// stepEnv reads a step number from the environment; 0 when unset.
func stepEnv(name string) int {
	v, ok := os.LookupEnv(name)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		crashTestFatal("%s: want a step number from 1, got %q", name, v)
	}
	return n
}

func crashTestFatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ecereconcile: "+format+"\n", args...)
	os.Exit(1)
}
