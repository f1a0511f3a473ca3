package promtext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Sample is one sample of the text exposition format.
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
}

var (
	promMetricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	promLabelName  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// Parse parses the text exposition format (0.0.4) strictly enough for the
// textfile collector: every sample belongs to a family declared by one HELP
// and one TYPE line before it, a family's samples are contiguous, names and
// label names are valid, label values are escaped, no series appears twice.
// A sample's timestamp is checked and dropped.
func Parse(text string) ([]Sample, error) {
	help, typ := map[string]bool{}, map[string]string{}
	done := map[string]bool{} // families whose samples ended
	seen := map[string]bool{} // series
	var out []Sample
	current := ""
	if !strings.HasSuffix(text, "\n") {
		return nil, fmt.Errorf("the last line does not end with a line feed")
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		n := i + 1
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			f := strings.SplitN(line, " ", 4)
			if len(f) < 3 || (f[1] != "HELP" && f[1] != "TYPE") {
				continue // a comment
			}
			name := f[2]
			if !promMetricName.MatchString(name) {
				return nil, fmt.Errorf("line %d: invalid metric name %q", n, name)
			}
			if done[name] || (current == name && len(out) > 0 && out[len(out)-1].Name == name) {
				return nil, fmt.Errorf("line %d: %s for %s after its samples", n, f[1], name)
			}
			switch f[1] {
			case "HELP":
				if help[name] {
					return nil, fmt.Errorf("line %d: second HELP for %s", n, name)
				}
				help[name] = true
			case "TYPE":
				if typ[name] != "" {
					return nil, fmt.Errorf("line %d: second TYPE for %s", n, name)
				}
				if len(f) != 4 || !map[string]bool{"counter": true, "gauge": true, "histogram": true, "summary": true, "untyped": true}[f[3]] {
					return nil, fmt.Errorf("line %d: bad TYPE line %q", n, line)
				}
				typ[name] = f[3]
			}
			continue
		}
		s, err := parseSample(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if !help[s.Name] || typ[s.Name] == "" {
			return nil, fmt.Errorf("line %d: sample of %s without HELP and TYPE before it", n, s.Name)
		}
		if s.Name != current {
			if done[s.Name] {
				return nil, fmt.Errorf("line %d: samples of %s are not together", n, s.Name)
			}
			if current != "" {
				done[current] = true
			}
			current = s.Name
		}
		key := s.Name + fmt.Sprint(s.Labels) // fmt sorts map keys
		if seen[key] {
			return nil, fmt.Errorf("line %d: series %s appears twice", n, key)
		}
		seen[key] = true
		out = append(out, s)
	}
	return out, nil
}

// parseSample parses `name{label="value",...} value`.
func parseSample(line string) (Sample, error) {
	s := Sample{Labels: map[string]string{}}
	i := strings.IndexAny(line, "{ ")
	if i < 0 {
		return s, fmt.Errorf("no value in %q", line)
	}
	s.Name = line[:i]
	if !promMetricName.MatchString(s.Name) {
		return s, fmt.Errorf("invalid metric name %q", s.Name)
	}
	rest := line[i:]
	if rest[0] == '{' {
		rest = rest[1:]
		for !strings.HasPrefix(rest, "}") {
			eq := strings.Index(rest, `="`)
			if eq < 0 {
				return s, fmt.Errorf("bad label in %q", line)
			}
			name := rest[:eq]
			if !promLabelName.MatchString(name) || strings.HasPrefix(name, "__") {
				return s, fmt.Errorf("invalid label name %q", name)
			}
			if _, dup := s.Labels[name]; dup {
				return s, fmt.Errorf("label %s twice", name)
			}
			rest = rest[eq+2:]
			var v strings.Builder
			for {
				if rest == "" {
					return s, fmt.Errorf("unterminated label value in %q", line)
				}
				c := rest[0]
				rest = rest[1:]
				if c == '"' {
					break
				}
				if c == '\n' {
					return s, fmt.Errorf("raw line feed in a label value")
				}
				if c == '\\' {
					if rest == "" {
						return s, fmt.Errorf("dangling backslash in %q", line)
					}
					switch rest[0] {
					case '\\':
						v.WriteByte('\\')
					case '"':
						v.WriteByte('"')
					case 'n':
						v.WriteByte('\n')
					default:
						return s, fmt.Errorf("bad escape \\%c in %q", rest[0], line)
					}
					rest = rest[1:]
					continue
				}
				v.WriteByte(c)
			}
			s.Labels[name] = v.String()
			rest = strings.TrimPrefix(rest, ",")
		}
		rest = rest[1:]
	}
	f := strings.Fields(rest)
	if len(f) < 1 || len(f) > 2 || !strings.HasPrefix(rest, " ") {
		return s, fmt.Errorf("want one value and an optional timestamp after the labels in %q", line)
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return s, fmt.Errorf("bad value %q", f[0])
	}
	s.Value = v
	if len(f) == 2 {
		if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
			return s, fmt.Errorf("bad timestamp %q", f[1])
		}
	}
	return s, nil
}
