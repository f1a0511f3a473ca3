package faults

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// Set is every fault of a served lab. The zero value is no fault.
type Set struct {
	PCCE PCCE
	// LDAPDown: the Active Directory refuses connections.
	LDAPDown bool
	// LDAPLatency delays each new connection to the Active Directory.
	LDAPLatency time.Duration
}

// PCCE are the PCCE simulator's faults. The zero value is none.
type PCCE struct {
	// Latency delays every answer.
	Latency time.Duration
	// FailRate is the share (0..1) of requests answered 503 before
	// processing, drawn from a source seeded with Seed.
	FailRate float64
	// Seed seeds the FailRate draws (0: the simulator's fixed default).
	Seed uint64
	// FailNext requests are answered FailStatus (0: 503) before processing.
	FailNext   int
	FailStatus int
	// Conflicts is how many PUTs answer 409 (stale changeStamp).
	Conflicts int
	// Drops close connections without an answer.
	Drops []Drop
	// Hang is how many requests get no answer until the client gives up
	// (at least that many, see the package comment).
	Hang int
}

// Drop closes the connection of Count requests of Method ("" any), before
// or after processing them.
type Drop struct {
	Method string
	Count  int
	When   pccesim.DropWhen
}

// Zero reports whether the set has no fault.
func (s Set) Zero() bool { return !s.LDAPDown && s.LDAPLatency == 0 && s.PCCE.Zero() }

// Zero reports whether p has no fault (a seed alone is none).
func (p PCCE) Zero() bool {
	return p.Latency == 0 && p.FailRate == 0 && p.FailNext == 0 && p.Conflicts == 0 && len(p.Drops) == 0 && p.Hang == 0
}

// status is the status fail-next answers.
func (p PCCE) status() int {
	if p.FailStatus == 0 {
		return http.StatusServiceUnavailable
	}
	return p.FailStatus
}

// String is the canonical form, which Parse reads back: "none" for no
// fault.
func (s Set) String() string {
	items := s.PCCE.items()
	if s.LDAPDown {
		items = append(items, keyLDAP+"=down")
	}
	if s.LDAPLatency > 0 {
		items = append(items, keyLDAPLatency+"="+s.LDAPLatency.String())
	}
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ",")
}

// String is the canonical form, which ParsePCCE reads back: "none" for no
// fault.
func (p PCCE) String() string {
	if items := p.items(); len(items) > 0 {
		return strings.Join(items, ",")
	}
	return "none"
}

func (p PCCE) items() []string {
	var out []string
	add := func(key, value string) { out = append(out, key+"="+value) }
	if p.Latency > 0 {
		add(keyLatency, p.Latency.String())
	}
	if p.FailRate > 0 {
		add(keyFail, strconv.FormatFloat(p.FailRate, 'g', -1, 64))
	}
	if p.Seed != 0 {
		add(keySeed, strconv.FormatUint(p.Seed, 10))
	}
	if p.FailNext > 0 {
		add(keyFailNext, strconv.Itoa(p.FailNext))
		if p.FailStatus != 0 && p.FailStatus != http.StatusServiceUnavailable {
			add(keyStatus, strconv.Itoa(p.FailStatus))
		}
	}
	if p.Conflicts > 0 {
		add(keyConflict, strconv.Itoa(p.Conflicts))
	}
	for _, d := range p.Drops {
		key := keyDrop
		if d.When == pccesim.DropBefore {
			key = keyDropBefore
		}
		v := strconv.Itoa(d.Count)
		if d.Method != "" {
			v = d.Method + ":" + v
		}
		add(key, v)
	}
	if p.Hang > 0 {
		add(keyHang, strconv.Itoa(p.Hang))
	}
	return out
}
