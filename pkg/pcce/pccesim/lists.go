package pccesim

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// page is the paging of one list request (documented: startIndex from 0,
// resultsPerPage 1..100, default 25; past the end, the last full page).
type page struct {
	start, per, total int
}

// readPage parses startIndex and resultsPerPage; false (and a 400
// answered) when they are out of range. A resultsPerPage over 100 is an
// error rather than clamped: the documentation gives the maximum, not
// what happens above it, and an error shows a client bug.
func readPage(w http.ResponseWriter, q url.Values) (page, bool) {
	p := page{per: pcce.DefaultResultsPerPage}
	for _, f := range []struct {
		name     string
		dst      *int
		min, max int
	}{
		{"startIndex", &p.start, 0, 1 << 30},
		{"resultsPerPage", &p.per, 1, pcce.MaxResultsPerPage},
	} {
		v := q.Get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < f.min || n > f.max {
			writeErrors(w, http.StatusBadRequest, pcce.ErrorItem{
				Type: pcce.ErrTypeOutOfRange, Data: f.name,
				Message: fmt.Sprintf("%q is not a number from %d to %d", v, f.min, f.max),
				Detail:  &pcce.ErrorDetail{Min: strconv.Itoa(f.min), Max: strconv.Itoa(f.max)},
			})
			return p, false
		}
		*f.dst = n
	}
	return p, true
}

// window returns the slice bounds of the page over total items: a start
// past the end gives the last full page.
func (p *page) window(total int) (int, int) {
	p.total = total
	if p.start >= total {
		p.start = max(0, total-p.per)
	}
	return p.start, min(p.start+p.per, total)
}

// info is the <pageInfo> of the page, with absolute page URLs.
func (s *Server) info(path string, q url.Values, p page) *pcce.PageInfo {
	link := func(start int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("startIndex", strconv.Itoa(start))
		v.Set("resultsPerPage", strconv.Itoa(p.per))
		return s.url + path + "?" + v.Encode()
	}
	pi := &pcce.PageInfo{
		ResultsPerPage: p.per,
		StartIndex:     p.start,
		TotalResults:   p.total,
		FirstPage:      link(0),
		LastPage:       link(max(0, p.total-p.per)),
		SearchTerm:     q.Get("q"),
	}
	if p.start > 0 {
		pi.PrevPage = link(max(0, p.start-p.per))
	}
	if p.start+p.per < p.total {
		pi.NextPage = link(p.start + p.per)
	}
	return pi
}

func (s *Server) listMachines(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, ok := readPage(w, q)
	if !ok {
		return
	}
	match, err := parseSearch(q.Get("q"))
	if err != nil {
		writeErrors(w, http.StatusBadRequest, pcce.ErrorItem{Type: pcce.ErrTypeInvalidSearch, Data: "q", Message: err.Error()})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var hits []pcce.Machine
	for _, m := range s.store.Machines {
		rm := s.store.renderMachine(m)
		if match(rm) {
			hits = append(hits, rm)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := strings.ToLower(hits[i].Name), strings.ToLower(hits[j].Name)
		if a != b {
			return a < b
		}
		return hits[i].RefURL < hits[j].RefURL
	})
	from, to := p.window(len(hits))
	writeXML(w, http.StatusOK, pcce.MachineList{PageInfo: s.info(pcce.PathMachines, q, p), Machines: hits[from:to]})
}

// parseSearch understands the machine inventory's q: space-separated
// terms, all of which must match. "types:(A|B)" matches a machine type
// (case-insensitive), "serviceType:T" a service type, "ipaddress:x" part of
// an address; a plain word is looked for in name, description and host
// name.
func parseSearch(q string) (func(pcce.Machine) bool, error) {
	terms, err := splitTerms(q)
	if err != nil {
		return nil, err
	}
	var preds []func(pcce.Machine) bool
	for _, t := range terms {
		key, val, isKey := strings.Cut(t, ":")
		if !isKey {
			word := strings.ToLower(t)
			preds = append(preds, func(m pcce.Machine) bool {
				return strings.Contains(strings.ToLower(m.Name), word) ||
					strings.Contains(strings.ToLower(m.Description), word) ||
					strings.Contains(strings.ToLower(m.HostName), word)
			})
			continue
		}
		vals := alternatives(val)
		switch strings.ToLower(key) {
		case "types":
			preds = append(preds, func(m pcce.Machine) bool {
				for _, v := range vals {
					if strings.EqualFold(v, string(m.Type)) {
						return true
					}
				}
				return false
			})
		case "servicetype":
			preds = append(preds, func(m pcce.Machine) bool {
				for _, v := range vals {
					if m.Service(pcce.ServiceType(strings.ToUpper(v))) != nil {
						return true
					}
				}
				return false
			})
		case "ipaddress":
			preds = append(preds, func(m pcce.Machine) bool {
				for _, n := range m.Networks {
					for _, v := range vals {
						if strings.Contains(n.Address, v) {
							return true
						}
					}
				}
				return false
			})
		default:
			return nil, fmt.Errorf("unknown search parameter %q (known: types, serviceType, ipaddress)", key)
		}
	}
	return func(m pcce.Machine) bool {
		for _, p := range preds {
			if !p(m) {
				return false
			}
		}
		return true
	}, nil
}

// splitTerms splits q at spaces outside parentheses.
func splitTerms(q string) ([]string, error) {
	var terms []string
	var cur strings.Builder
	depth := 0
	for _, r := range q {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced parentheses in %q", q)
			}
		case r == ' ' && depth == 0:
			if cur.Len() > 0 {
				terms = append(terms, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteRune(r)
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced parentheses in %q", q)
	}
	if cur.Len() > 0 {
		terms = append(terms, cur.String())
	}
	return terms, nil
}

// alternatives reads "(A | B)" or "A" into its values.
func alternatives(v string) []string {
	v = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(v), "("), ")")
	var out []string
	for _, a := range strings.Split(v, "|") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}
