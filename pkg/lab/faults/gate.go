package faults

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Gate is a TCP pass-through on a loopback port of its own to a target
// address (the lab directory's Global Catalog). Down closes its port and
// every connection through it, so clients get "connection refused" like
// from a stopped domain controller; Up listens again on the same port.
// Its methods are safe for concurrent use.
type Gate struct {
	target string
	addr   string

	mu     sync.Mutex
	ln     net.Listener // nil while down or closed
	conns  map[net.Conn]struct{}
	delay  time.Duration
	closed bool
	wg     sync.WaitGroup
}

// OpenGate listens on a free loopback port and forwards to target.
func OpenGate(target string) (*Gate, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("gate to %s: %w", target, err)
	}
	g := &Gate{target: target, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	g.serve(ln)
	return g, nil
}

// Addr is the gate's host:port; it stays the same while down.
func (g *Gate) Addr() string { return g.addr }

// Down reports whether the gate refuses connections.
func (g *Gate) Down() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ln == nil
}

// SetDown takes the gate down (port closed, connections cut) or up again
// (listening on the same port). It is idempotent.
func (g *Gate) SetDown(down bool) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return errors.New("gate closed")
	}
	switch {
	case down && g.ln != nil:
		g.cut()
	case !down && g.ln == nil:
		ln, err := net.Listen("tcp", g.addr)
		if err != nil {
			return fmt.Errorf("gate to %s: listening again on %s: %w", g.target, g.addr, err)
		}
		g.serveLocked(ln)
	}
	return nil
}

// SetDelay makes each new connection wait d before it reaches the target
// (one round trip to a distant domain controller); 0: none.
func (g *Gate) SetDelay(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.delay = d
}

// Close stops the gate for good and waits for its goroutines.
func (g *Gate) Close() {
	g.mu.Lock()
	g.closed = true
	if g.ln != nil {
		g.cut()
	}
	g.mu.Unlock()
	g.wg.Wait()
}

// cut closes the listener and every connection; g.mu is held.
func (g *Gate) cut() {
	_ = g.ln.Close()
	g.ln = nil
	for c := range g.conns {
		_ = c.Close()
	}
	clear(g.conns)
}

func (g *Gate) serve(ln net.Listener) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.serveLocked(ln)
}

func (g *Gate) serveLocked(ln net.Listener) {
	g.ln = ln
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed by cut
			}
			g.wg.Add(1)
			go func() {
				defer g.wg.Done()
				g.pass(ln, c)
			}()
		}
	}()
}

// pass forwards one connection to the target until either side closes.
func (g *Gate) pass(ln net.Listener, c net.Conn) {
	g.mu.Lock()
	delay := g.delay
	g.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	up, err := net.Dial("tcp", g.target)
	if err != nil {
		_ = c.Close()
		return
	}
	if !g.track(ln, c, up) {
		_ = c.Close()
		_ = up.Close()
		return
	}
	done := make(chan struct{}, 2)
	copyHalf := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		done <- struct{}{}
	}
	go copyHalf(up, c)
	go copyHalf(c, up)
	<-done
	g.untrack(c, up)
	<-done
}

// track registers a connection pair, unless the listener it came from was
// cut in the meantime.
func (g *Gate) track(ln net.Listener, conns ...net.Conn) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ln != ln {
		return false
	}
	for _, c := range conns {
		g.conns[c] = struct{}{}
	}
	return true
}

// untrack closes a connection pair and forgets it.
func (g *Gate) untrack(conns ...net.Conn) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
		delete(g.conns, c)
	}
}
