package iisbinding

import (
	"strconv"
	"strings"
)

// info is a parsed bindingInformation "IP:port:hostname".
type info struct {
	IP   string // "*" for All Unassigned, an IPv4 address, or "[v6]"
	Port int
	Host string
}

// parseInfo splits a bindingInformation. The host name is after the last
// colon and the port before it, so IPv6 addresses ("[::1]:443:") work.
func parseInfo(s string) (info, bool) {
	rest, host, ok := cutLast(s, ":")
	if !ok {
		return info{}, false
	}
	ip, port, ok := cutLast(rest, ":")
	if !ok || ip == "" {
		return info{}, false
	}
	n, err := strconv.Atoi(port)
	if err != nil || n <= 0 || n > 65535 {
		return info{}, false
	}
	return info{IP: ip, Port: n, Host: host}, true
}

// String renders the bindingInformation.
func (i info) String() string { return i.IP + ":" + strconv.Itoa(i.Port) + ":" + i.Host }

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// wantedInfo is the binding the tech note wants: All Unassigned, the port,
// no host name.
func wantedInfo(port int) string { return info{IP: "*", Port: port}.String() }

// allEndpoint is the http.sys endpoint of an All Unassigned binding.
func allEndpoint(port int) string { return "0.0.0.0:" + strconv.Itoa(port) }
