package faults

import (
	"bufio"
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"
)

// echoServer answers each line with the same line until the test ends.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_, _ = io.Copy(c, c)
			}()
		}
	}()
	return ln.Addr().String()
}

// echo sends a line through addr and checks it comes back.
func echo(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if _, err := io.WriteString(c, "ping\n"); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || line != "ping\n" {
		t.Fatalf("echo through %s: %q, %v", addr, line, err)
	}
	return c
}

func TestGateDownAndUp(t *testing.T) {
	g, err := OpenGate(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	addr := g.Addr()
	open := echo(t, addr)

	if err := g.SetDown(true); err != nil {
		t.Fatal(err)
	}
	if !g.Down() {
		t.Error("Down() after SetDown(true)")
	}
	if _, err := io.ReadAll(open); err != nil && !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("an open connection through a gate taken down: %v, want it closed", err)
	}
	if _, err := net.Dial("tcp", addr); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dialling a gate that is down: %v, want connection refused", err)
	}
	if err := g.SetDown(true); err != nil {
		t.Errorf("down twice: %v", err)
	}

	if err := g.SetDown(false); err != nil {
		t.Fatal(err)
	}
	if g.Down() || g.Addr() != addr {
		t.Errorf("up again: down %v, address %s, want %s", g.Down(), g.Addr(), addr)
	}
	echo(t, addr)
	if err := g.SetDown(false); err != nil {
		t.Errorf("up twice: %v", err)
	}
}

func TestGateDelay(t *testing.T) {
	g, err := OpenGate(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	const d = 30 * time.Millisecond
	g.SetDelay(d)
	start := time.Now()
	echo(t, g.Addr())
	if took := time.Since(start); took < d {
		t.Errorf("a connection through a gate with a %s delay answered in %s", d, took)
	}
}

func TestGateToAClosedTarget(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	target := ln.Addr().String()
	_ = ln.Close()
	g, err := OpenGate(target)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	c, err := net.Dial("tcp", g.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n, _ := c.Read(make([]byte, 1)); n != 0 {
		t.Errorf("read %d bytes from a gate whose target is gone", n)
	}
}

func TestGateClosed(t *testing.T) {
	g, err := OpenGate(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	g.Close()
	if err := g.SetDown(false); err == nil || err.Error() != "gate closed" {
		t.Errorf("SetDown after Close: %v", err)
	}
	if _, err := net.Dial("tcp", g.Addr()); err == nil {
		t.Error("a closed gate accepts connections")
	}
}
