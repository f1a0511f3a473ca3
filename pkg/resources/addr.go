package resources

import (
	"cmp"
	"fmt"
	"strings"
)

// Addr names one resource instance: Kind.Name[Host], for example
// "keystore.ads_cacerts[ads-a]". Host is empty for resources that are not
// bound to one host (a PCCE inventory entry, a check).
type Addr struct {
	Kind string
	Name string
	Host string
}

// String renders the address as Kind.Name[Host].
func (a Addr) String() string {
	if a.Host == "" {
		return a.Kind + "." + a.Name
	}
	return a.Kind + "." + a.Name + "[" + a.Host + "]"
}

// CompareAddr orders addresses by kind, name, host, for stable output; it
// fits slices.SortFunc and slices.BinarySearchFunc.
func CompareAddr(a, b Addr) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Host, b.Host))
}

// Less orders addresses for stable output.
func (a Addr) Less(b Addr) bool { return CompareAddr(a, b) < 0 }

// ParseAddr parses the form written by String.
func ParseAddr(s string) (Addr, error) {
	var a Addr
	rest := s
	if i := strings.IndexByte(rest, '['); i >= 0 {
		if !strings.HasSuffix(rest, "]") {
			return Addr{}, fmt.Errorf("address %q: missing closing ]", s)
		}
		a.Host = rest[i+1 : len(rest)-1]
		rest = rest[:i]
	}
	kind, name, ok := strings.Cut(rest, ".")
	if !ok || kind == "" || name == "" {
		return Addr{}, fmt.Errorf("address %q: want kind.name or kind.name[host]", s)
	}
	a.Kind, a.Name = kind, name
	return a, nil
}

// MarshalText implements encoding.TextMarshaler so addresses can be JSON keys.
func (a Addr) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Addr) UnmarshalText(b []byte) error {
	p, err := ParseAddr(string(b))
	if err != nil {
		return err
	}
	*a = p
	return nil
}
