package ldapverify

import (
	"net"
	"sync"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/lab/addir"
)

// testPassword is distinctive, to be searched for in every output.
const testPassword = "Vq9-ldapverify-Secret!"

// stepClock returns a clock that advances one millisecond per reading, so
// that every step lasts exactly 1ms.
func stepClock() func() time.Time {
	var mu sync.Mutex
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Millisecond)
		return now
	}
}

// startDir starts a seed directory; edit may change the options.
func startDir(t *testing.T, edit func(*addir.Options)) *addir.Directory {
	t.Helper()
	o := addir.Seed(testPassword)
	if edit != nil {
		edit(&o)
	}
	d, err := addir.Start(o)
	if err != nil {
		t.Fatalf("addir.Start: %v", err)
	}
	t.Cleanup(d.Stop)
	return d
}

// silentServer accepts connections and never answers; it returns its
// address.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String()
}

// closedPort returns an address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}
