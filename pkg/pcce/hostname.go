package pcce

import "strings"

// NormalizeHostName returns s as PCCE keeps it: trimmed, lower case,
// without a trailing dot. PCCE also replaces a short name by the FQDN it
// resolves to; compare a desired FQDN with a read hostName after both went
// through NormalizeHostName.
func NormalizeHostName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	return strings.ToLower(s)
}

// TypesQuery is the machine inventory's advanced search for machine types:
// TypesQuery(TypeECE, TypeECEWebServer) is "types:(ECE|ECE_WEB_SERVER)".
func TypesQuery(types ...MachineType) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = string(t)
	}
	return "types:(" + strings.Join(names, "|") + ")"
}
