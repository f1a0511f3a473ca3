package pccesim

import (
	"bytes"
	"maps"
	"net/http"
	"regexp"
	"time"
)

// DropWhen says when a dropped request's connection is closed.
type DropWhen int

const (
	// DropBefore closes the connection before the request is processed:
	// nothing changed.
	DropBefore DropWhen = iota + 1
	// DropAfter processes the request, then closes the connection instead
	// of answering: the change happened, the client never hears of it.
	DropAfter
)

// String names the moment.
func (d DropWhen) String() string {
	switch d {
	case DropBefore:
		return "before processing"
	case DropAfter:
		return "after processing"
	}
	return "unknown"
}

// faults are the injected failures; guarded by Server.fmu.
type faults struct {
	latency      time.Duration
	failRate     float64
	failNext     int
	failStatus   int
	conflictNext int
	drops        []drop
	hang         bool
}

type drop struct {
	method string
	count  int
	when   DropWhen
}

// Stats counts what the simulator saw.
type Stats struct {
	// Requests counts requests per "METHOD path", numeric ids replaced by
	// {id}: "GET /unifiedconfig/config/machineinventory/{id}".
	Requests map[string]int
	// Total is every request that reached the API (over TLS).
	Total int
	// Unauthorized is requests refused for their credentials.
	Unauthorized int
	// Failed, Conflicts, Dropped, Hung count injected faults.
	Failed    int
	Conflicts int
	Dropped   int
	Hung      int
	// TLSHandshakeErrors counts connections whose handshake failed (a
	// client that does not trust the CA, a wrong protocol).
	TLSHandshakeErrors int
	// CleartextRefused counts connections that spoke plain HTTP; the TLS
	// layer answered them 400 and they never reached the API.
	CleartextRefused int
	// CleartextServed counts requests served without TLS. The listener
	// only speaks TLS, so it stays 0; tests assert it.
	CleartextServed int
}

// Count is Requests for method and path (a path with an id is counted
// under {id}).
func (s Stats) Count(method, path string) int { return s.Requests[statKey(method, path)] }

var idSegment = regexp.MustCompile(`/[0-9]+(/|$)`)

func statKey(method, path string) string {
	return method + " " + idSegment.ReplaceAllString(path, "/{id}$1")
}

// SetLatency delays every answer by d (0: none).
func (s *Server) SetLatency(d time.Duration) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults.latency = d
}

// SetFailRate answers a share p (0..1) of requests 503 before processing,
// drawn from Options.Rand (deterministic for a seed and request order).
func (s *Server) SetFailRate(p float64) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults.failRate = p
}

// FailNext answers the next n requests with status (default 503) before
// processing them.
func (s *Server) FailNext(n, status int) {
	if status == 0 {
		status = http.StatusServiceUnavailable
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults.failNext, s.faults.failStatus = n, status
}

// ConflictNext answers the next n PUTs 409 with a changeStamp mismatch,
// as if someone had changed the item since the client read it.
func (s *Server) ConflictNext(n int) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults.conflictNext = n
}

// DropNext closes the connection of the next n requests with this method
// ("" any) without an answer, before or after processing them.
func (s *Server) DropNext(method string, n int, when DropWhen) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults.drops = append(s.faults.drops, drop{method: method, count: n, when: when})
}

// SetHang makes every request wait without an answer until the client
// gives up or the simulator closes.
func (s *Server) SetHang(on bool) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults.hang = on
}

// ResetFaults removes every injected fault.
func (s *Server) ResetFaults() {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults = faults{}
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	st := s.stats
	st.Requests = maps.Clone(s.stats.Requests)
	if st.Requests == nil {
		st.Requests = map[string]int{}
	}
	return st
}

// verdict is what the faults decide for one request.
type verdict struct {
	latency  time.Duration
	hang     bool
	fail     int // status answered before processing
	conflict bool
	drop     DropWhen
}

// decide draws the faults for one request and counts it.
func (s *Server) decide(r *http.Request) verdict {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if s.stats.Requests == nil {
		s.stats.Requests = map[string]int{}
	}
	s.stats.Requests[statKey(r.Method, r.URL.Path)]++
	s.stats.Total++

	f := &s.faults
	v := verdict{latency: f.latency}
	if f.hang {
		s.stats.Hung++
		v.hang = true
		return v
	}
	switch {
	case f.failNext > 0:
		f.failNext--
		v.fail = f.failStatus
	case f.failRate > 0 && s.opts.Rand.Float64() < f.failRate:
		v.fail = http.StatusServiceUnavailable
	}
	if v.fail != 0 {
		s.stats.Failed++
		return v
	}
	for i := range f.drops {
		d := &f.drops[i]
		if d.count > 0 && (d.method == "" || d.method == r.Method) {
			d.count--
			s.stats.Dropped++
			v.drop = d.when
			break
		}
	}
	if v.drop == DropBefore {
		return v
	}
	if r.Method == http.MethodPut && f.conflictNext > 0 {
		f.conflictNext--
		s.stats.Conflicts++
		v.conflict = true
	}
	return v
}

func (s *Server) countUnauthorized() {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.stats.Unauthorized++
}

// errorLog counts the http.Server's log lines (TLS handshake errors);
// nothing is printed.
type errorLog struct{ s *Server }

func (l errorLog) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("TLS handshake error")) {
		l.s.fmu.Lock()
		l.s.stats.TLSHandshakeErrors++
		l.s.fmu.Unlock()
	}
	return len(p), nil
}
