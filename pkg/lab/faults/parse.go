package faults

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// The keys of the syntax (see the package comment).
const (
	keyLatency     = "latency"
	keyFail        = "fail"
	keySeed        = "seed"
	keyFailNext    = "fail-next"
	keyStatus      = "status"
	keyConflict    = "conflict"
	keyDrop        = "drop"
	keyDropBefore  = "drop-before"
	keyHang        = "hang"
	keyLDAP        = "ldap"
	keyLDAPLatency = "ldap-latency"
)

// MaxLatency bounds latency: longer is a hang (hang=N), not a delay.
const MaxLatency = time.Minute

var (
	pcceKeys = []string{keyLatency, keyFail, keySeed, keyFailNext, keyStatus, keyConflict, keyDrop, keyDropBefore, keyHang}
	methods  = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}
)

// Parse reads a fault set: the PCCE keys and ldap=down|up. An empty text
// (or only comments), or "none", is no fault.
func Parse(text string) (Set, error) {
	return parse(text, true)
}

// ParsePCCE reads the PCCE keys only (the --pcce-faults flag).
func ParsePCCE(text string) (PCCE, error) {
	s, err := parse(text, false)
	return s.PCCE, err
}

func parse(text string, withLDAP bool) (Set, error) {
	var s Set
	seen := map[string]bool{}
	items := split(text)
	if len(items) == 1 && strings.EqualFold(items[0], "none") {
		return s, nil
	}
	for _, item := range items {
		key, value, ok := strings.Cut(item, "=")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if !ok || key == "" || value == "" {
			return Set{}, fmt.Errorf("fault %q: want key=value, like fail=0.2 or latency=50ms", item)
		}
		repeatable := key == keyDrop || key == keyDropBefore
		if seen[key] && !repeatable {
			return Set{}, fmt.Errorf("fault %q: %s is given twice", item, key)
		}
		seen[key] = true
		if err := s.set(key, value, withLDAP); err != nil {
			return Set{}, fmt.Errorf("fault %q: %w", item, err)
		}
	}
	if seen[keyStatus] && !seen[keyFailNext] {
		return Set{}, fmt.Errorf("fault status=%d: status is the answer of fail-next, which is not given", s.PCCE.FailStatus)
	}
	return s, nil
}

// split cuts text into items at commas, spaces and new lines, comments
// removed.
func split(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		out = append(out, strings.FieldsFunc(line, func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\r'
		})...)
	}
	return out
}

// set reads one item into s.
func (s *Set) set(key, value string, withLDAP bool) error {
	p := &s.PCCE
	var err error
	switch key {
	case keyLatency:
		if p.Latency, err = latency(key, value); err != nil {
			return err
		}
	case keyFail:
		p.FailRate, err = strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(p.FailRate) || p.FailRate < 0 || p.FailRate > 1 {
			return fmt.Errorf("fail is a share of requests from 0 to 1, like 0.2")
		}
	case keySeed:
		p.Seed, err = strconv.ParseUint(value, 10, 64)
		if err != nil {
			return fmt.Errorf("seed is a whole number from 0, like 7")
		}
	case keyFailNext:
		p.FailNext, err = count(value)
	case keyStatus:
		p.FailStatus, err = strconv.Atoi(value)
		if err != nil || !(p.FailStatus == http.StatusTooManyRequests || p.FailStatus >= 500 && p.FailStatus <= 599) {
			return fmt.Errorf("status is 429 or from 500 to 599")
		}
	case keyConflict:
		p.Conflicts, err = count(value)
	case keyDrop, keyDropBefore:
		d := Drop{When: pccesim.DropAfter}
		if key == keyDropBefore {
			d.When = pccesim.DropBefore
		}
		n := value
		if m, rest, ok := strings.Cut(value, ":"); ok {
			d.Method, n = strings.ToUpper(m), rest
			if !slices.Contains(methods, d.Method) {
				return fmt.Errorf("%s takes [METHOD:]N with METHOD one of %s", key, strings.Join(methods, ", "))
			}
		}
		if d.Count, err = count(n); err != nil {
			return err
		}
		for _, o := range p.Drops {
			if o.When == d.When && o.Method == d.Method {
				return fmt.Errorf("%s is given twice for %s", key, methodName(d.Method))
			}
		}
		if d.Count > 0 {
			p.Drops = append(p.Drops, d)
		}
	case keyHang:
		p.Hang, err = count(value)
	case keyLDAPLatency:
		if !withLDAP {
			return fmt.Errorf("ldap-latency is not a PCCE fault: put it in the lab's faults file")
		}
		if s.LDAPLatency, err = latency(key, value); err != nil {
			return err
		}
	case keyLDAP:
		if !withLDAP {
			return fmt.Errorf("ldap is not a PCCE fault: use --ldap-down, or ldap=down in the lab's faults file")
		}
		switch strings.ToLower(value) {
		case "down":
			s.LDAPDown = true
		case "up":
			s.LDAPDown = false
		default:
			return fmt.Errorf("ldap is down or up")
		}
	default:
		known := pcceKeys
		if withLDAP {
			known = append(slices.Clone(pcceKeys), keyLDAP, keyLDAPLatency)
		}
		return fmt.Errorf("unknown fault %q; known: %s", key, strings.Join(known, ", "))
	}
	return err
}

// latency reads a delay.
func latency(key, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > MaxLatency {
		return 0, fmt.Errorf("%s is a duration from 0 to %s, like 50ms", key, MaxLatency)
	}
	return d, nil
}

// count reads a number of requests.
func count(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, fmt.Errorf("want a number of requests from 0, like 3")
	}
	return n, nil
}

func methodName(m string) string {
	if m == "" {
		return "any method"
	}
	return m
}
