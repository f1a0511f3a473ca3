package addir

import (
	"strings"

	ber "github.com/go-asn1-ber/asn1-ber"
	"github.com/go-ldap/ldap/v3"
)

// matcher evaluates a search filter against entries. Matching is
// case-insensitive for every attribute, as it is for the attributes Active
// Directory is searched by here (UPN, sAMAccountName, DN-valued ones).
type matcher struct {
	root *ber.Packet
}

// compileFilter parses an RFC 4515 filter.
func compileFilter(s string) (*matcher, error) {
	p, err := ldap.CompileFilter(s)
	if err != nil {
		return nil, err
	}
	return &matcher{root: p}, nil
}

// match reports whether e satisfies the filter.
func (m *matcher) match(e *entry) bool { return evalFilter(m.root, e) }

// evalFilter evaluates one filter node. Unsupported kinds (extensible
// match) are false, as an undefined result is.
func evalFilter(p *ber.Packet, e *entry) bool {
	switch p.Tag {
	case ldap.FilterAnd:
		for _, c := range p.Children {
			if !evalFilter(c, e) {
				return false
			}
		}
		return true
	case ldap.FilterOr:
		for _, c := range p.Children {
			if evalFilter(c, e) {
				return true
			}
		}
		return false
	case ldap.FilterNot:
		return len(p.Children) == 1 && !evalFilter(p.Children[0], e)
	case ldap.FilterPresent:
		return len(e.get(str(p))) > 0
	case ldap.FilterEqualityMatch, ldap.FilterApproxMatch:
		if len(p.Children) != 2 {
			return false
		}
		name, want := str(p.Children[0]), str(p.Children[1])
		if strings.EqualFold(name, "objectCategory") && !strings.Contains(want, "=") {
			return categoryMatches(e, want)
		}
		for _, v := range e.get(name) {
			if strings.EqualFold(v, want) {
				return true
			}
		}
		return false
	case ldap.FilterGreaterOrEqual, ldap.FilterLessOrEqual:
		if len(p.Children) != 2 {
			return false
		}
		name, bound := str(p.Children[0]), strings.ToLower(str(p.Children[1]))
		for _, v := range e.get(name) {
			v = strings.ToLower(v)
			if (p.Tag == ldap.FilterGreaterOrEqual && v >= bound) || (p.Tag == ldap.FilterLessOrEqual && v <= bound) {
				return true
			}
		}
		return false
	case ldap.FilterSubstrings:
		if len(p.Children) != 2 {
			return false
		}
		for _, v := range e.get(str(p.Children[0])) {
			if substringsMatch(strings.ToLower(v), p.Children[1].Children) {
				return true
			}
		}
		return false
	}
	return false
}

// substringsMatch checks initial, any and final parts in order.
func substringsMatch(v string, parts []*ber.Packet) bool {
	for _, part := range parts {
		s := strings.ToLower(str(part))
		switch part.Tag {
		case ldap.FilterSubstringsInitial:
			if !strings.HasPrefix(v, s) {
				return false
			}
			v = v[len(s):]
		case ldap.FilterSubstringsAny:
			i := strings.Index(v, s)
			if i < 0 {
				return false
			}
			v = v[i+len(s):]
		case ldap.FilterSubstringsFinal:
			if !strings.HasSuffix(v, s) {
				return false
			}
			v = ""
		}
	}
	return true
}

// categories maps a class name to its default objectCategory, as Active
// Directory resolves (objectCategory=person).
var categories = map[string]string{
	"person":             "Person",
	"user":               "Person",
	"organizationalunit": "Organizational-Unit",
	"container":          "Container",
	"domain":             "Domain-DNS",
	"domaindns":          "Domain-DNS",
}

// categoryMatches compares a class-name shorthand with e's objectCategory.
func categoryMatches(e *entry, class string) bool {
	want, ok := categories[strings.ToLower(class)]
	return ok && strings.EqualFold(want, e.category)
}

// str is the string value of a filter packet.
func str(p *ber.Packet) string {
	if s, ok := p.Value.(string); ok {
		return s
	}
	if p.Data != nil {
		return p.Data.String()
	}
	return ""
}
