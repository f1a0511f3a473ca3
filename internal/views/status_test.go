package views

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func TestStatusOf(t *testing.T) {
	a := resources.Addr{Kind: "ece_trace_level", Name: "rx_process", Host: "ECE"}
	tests := map[string]struct {
		item plan.Item
		want DriftStatus
	}{
		"in sync":      {plan.Item{Addr: a, Change: resources.Change{Action: resources.NoOp}}, InSync},
		"drifted":      {plan.Item{Addr: a, Change: resources.Change{Action: resources.Update}}, Drifted},
		"error":        {plan.Item{Addr: a, Err: errors.New("unreachable")}, Errored},
		"skipped":      {plan.Item{Addr: a, Skipped: true}, Skipped},
		"needs person": {plan.Item{Addr: a, Err: fmt.Errorf("saved integration differs: %w", resources.ErrCannotConverge)}, NeedsPerson},
		"unknown, as attested": {plan.Item{Addr: a, Change: resources.Change{Action: resources.NoOp},
			Current: resources.State{Exists: true, Unverifiable: "unknown since the attestation by ops at 2026-11-22T10:00:00Z"}}, Unknown},
		"unverifiable but planned to change": {plan.Item{Addr: a, Change: resources.Change{Action: resources.Update},
			Current: resources.State{Unverifiable: "unknown since"}}, Drifted},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := StatusOf(&tt.item); got != tt.want {
				t.Errorf("StatusOf = %s, want %s", got, tt.want)
			}
		})
	}
}
