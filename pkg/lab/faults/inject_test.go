package faults

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestInjectorCounters(t *testing.T) {
	tests := []struct {
		name string
		set  string
		want []int // statuses of consecutive requests; 0: no answer
	}{
		{"no fault", "", []int{200, 200}},
		{"fail-next with its default status", "fail-next=2", []int{503, 503, 200}},
		{"fail-next with a status", "fail-next=1,status=502", []int{502, 200}},
		{"a dropped answer", "drop=GET:1", []int{0, 200}},
		{"a drop for another method", "drop=PUT:1", []int{200}},
		{"dropped before processing", "drop-before=1,fail-next=0", []int{0, 200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := NewSource()
			sim := startSim(t, src)
			in := NewInjector(sim, src, nil)
			defer in.Close()
			set, err := Parse(tt.set)
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Apply(set); err != nil {
				t.Fatal(err)
			}
			var got []int
			for range tt.want {
				code, _ := get(context.Background(), sim)
				got = append(got, code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("statuses %v, want %v", got, tt.want)
			}
			if in.Current().String() != set.String() {
				t.Errorf("Current() = %s, want %s", in.Current(), set)
			}
		})
	}
}

func TestApplyReplacesWhole(t *testing.T) {
	src := NewSource()
	sim := startSim(t, src)
	in := NewInjector(sim, src, nil)
	defer in.Close()
	if err := in.Apply(Set{PCCE: PCCE{FailNext: 5, Latency: time.Millisecond}}); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, sim, 1); got[0] != http.StatusServiceUnavailable {
		t.Fatalf("fail-next not armed: %v", got)
	}
	if err := in.Apply(Set{PCCE: PCCE{Conflicts: 1}}); err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, sim, 2); !slices.Equal(got, []int{200, 200}) {
		t.Errorf("the previous fail-next survived a new set: %v", got)
	}
}

func TestSeedMakesTheFailDrawsReproducible(t *testing.T) {
	src := NewSource()
	sim := startSim(t, src)
	in := NewInjector(sim, src, nil)
	defer in.Close()
	draw := func(seed uint64) []int {
		if err := in.Apply(Set{PCCE: PCCE{FailRate: 0.5, Seed: seed}}); err != nil {
			t.Fatal(err)
		}
		return statuses(t, sim, 24)
	}
	first := draw(7)
	if !slices.Contains(first, 200) || !slices.Contains(first, 503) {
		t.Fatalf("fail=0.5 over 24 requests: %v", first)
	}
	if again := draw(7); !slices.Equal(first, again) {
		t.Errorf("seed 7 twice:\n%v\n%v", first, again)
	}
	if other := draw(8); slices.Equal(first, other) {
		t.Errorf("seeds 7 and 8 fail the same requests: %v", first)
	}
}

func TestHangEndsAfterN(t *testing.T) {
	src := NewSource()
	sim := startSim(t, src)
	in := NewInjector(sim, src, nil)
	defer in.Close()
	if err := in.Apply(Set{PCCE: PCCE{Hang: 1}}); err != nil {
		t.Fatal(err)
	}
	if !in.Hanging() {
		t.Fatal("hang=1 is not in force")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := get(ctx, sim); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a hung request: %v, want the client's deadline", err)
	}
	for deadline := time.Now().Add(5 * time.Second); in.Hanging(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the hang is still on after one hung request")
		}
	}
	if got := statuses(t, sim, 1); got[0] != 200 {
		t.Errorf("after the hang: %v", got)
	}
	if n := sim.Stats().Hung; n != 1 {
		t.Errorf("%d hung requests, want 1", n)
	}
}

func TestHangIsSwitchedOffByTheNextSet(t *testing.T) {
	src := NewSource()
	sim := startSim(t, src)
	in := NewInjector(sim, src, nil)
	defer in.Close()
	if err := in.Apply(Set{PCCE: PCCE{Hang: 3}}); err != nil {
		t.Fatal(err)
	}
	if err := in.Apply(Set{}); err != nil {
		t.Fatal(err)
	}
	if in.Hanging() {
		t.Error("still hanging after an empty set")
	}
	if got := statuses(t, sim, 1); got[0] != 200 {
		t.Errorf("after the empty set: %v", got)
	}
}

func TestInjectorLDAP(t *testing.T) {
	target := echoServer(t)
	g, err := OpenGate(target)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	in := NewInjector(nil, nil, g)
	defer in.Close()
	if err := in.Apply(Set{LDAPDown: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Dial("tcp", g.Addr()); err == nil {
		t.Error("the gate accepts connections with ldap=down")
	}
	if err := in.Apply(Set{}); err != nil {
		t.Fatal(err)
	}
	echo(t, g.Addr())
	if err := in.Apply(Set{PCCE: PCCE{Conflicts: 1}}); err == nil || err.Error() != "no PCCE simulator to inject faults into" {
		t.Errorf("a PCCE fault without a simulator: %v", err)
	}
	if err := NewInjector(nil, nil, nil).Apply(Set{LDAPDown: true}); err == nil || err.Error() != "no directory gate to take down or slow down" {
		t.Errorf("ldap=down without a gate: %v", err)
	}
}
