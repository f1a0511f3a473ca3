package ldapverify

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// target is a parsed LDAP URL.
type target struct {
	scheme   string // ldap or ldaps
	host     string // without brackets
	port     int
	hostPort string // for dialing
	tls      bool   // ldaps
}

// parseTarget parses an ldap:// or ldaps:// URL; without a port, 389 and
// 636 are used.
func parseTarget(raw string) (target, error) {
	if strings.TrimSpace(raw) == "" {
		return target{}, fmt.Errorf("no LDAP URL")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return target{}, fmt.Errorf("LDAP URL %q: %w", raw, err)
	}
	t := target{scheme: strings.ToLower(u.Scheme)}
	switch t.scheme {
	case "ldap":
		t.port = 389
	case "ldaps":
		t.port, t.tls = 636, true
	default:
		return target{}, fmt.Errorf("LDAP URL %q: scheme must be ldap or ldaps", raw)
	}
	t.host = u.Hostname()
	if t.host == "" {
		return target{}, fmt.Errorf("LDAP URL %q: no host", raw)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return target{}, fmt.Errorf("LDAP URL %q: bad port %q", raw, p)
		}
		t.port = n
	}
	t.hostPort = net.JoinHostPort(t.host, strconv.Itoa(t.port))
	return t, nil
}
