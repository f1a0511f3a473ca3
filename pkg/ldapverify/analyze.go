package ldapverify

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Level is how serious a Finding is.
type Level int

const (
	// LevelWarning: the settings work but are not what the tech note advises.
	LevelWarning Level = iota + 1
	// LevelError: the settings will fail in ECE; the resource refuses to plan.
	LevelError
)

// String returns "warning" or "error".
func (l Level) String() string {
	switch l {
	case LevelWarning:
		return "warning"
	case LevelError:
		return "error"
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// MarshalText renders the level as its String (for JSON).
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Finding is one observation of Analyze. Code is one of the Finding*
// constants; Message is a sentence for people.
type Finding struct {
	Level   Level  `json:"level"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Codes of Analyze's findings.
const (
	// FindingInvalidURL (error): the LDAP URL cannot be parsed, or its
	// scheme is neither ldap nor ldaps. Nothing else is judged.
	FindingInvalidURL = "InvalidURL"
	// FindingDNAttributeNotUPN (warning): the DN attribute is not
	// userPrincipalName, which the tech note requires: SPOG signs
	// administrators in by UPN.
	FindingDNAttributeNotUPN = "DNAttributeNotUPN"
	// FindingDomainPortEmptyBase (error): a domain controller port (389 or
	// 636) with an empty base. Only a Global Catalog answers from the root;
	// a domain controller refers the search elsewhere and ECE fails with
	// PartialResultException. Use 3269 (or 3268).
	FindingDomainPortEmptyBase = "DomainPortEmptyBase"
	// FindingNotGlobalCatalog (warning): a domain controller port with a
	// base. It can work, but the domain controller returns continuation
	// references that ECE's Java client may stop on (PartialResultException);
	// the tech note advises a Global Catalog.
	FindingNotGlobalCatalog = "NotGlobalCatalog"
	// FindingSSLDisabled (warning): the connection is cleartext, so the
	// search account's password crosses the network in the clear, and a
	// domain controller that requires LDAP signing (Microsoft ADV190023)
	// refuses the bind.
	FindingSSLDisabled = "SSLDisabled"
	// FindingSchemePortMismatch (error): TLS on a cleartext port (3268, 389)
	// or cleartext on a TLS port (3269, 636): the connection cannot work.
	FindingSchemePortMismatch = "SchemePortMismatch"
	// FindingSSLFlagMismatch (warning): the URL is ldaps:// but "SSL
	// enabled" is off; turn it on so that ECE uses the keystore.
	FindingSSLFlagMismatch = "SSLFlagMismatch"
)

// Well-known Active Directory ports.
const (
	PortLDAP     = 389
	PortLDAPS    = 636
	PortGC       = 3268
	PortGCSecure = 3269
)

// Analyze judges the Partition Administrator SSO settings without touching
// the network. sslEnabled is ECE's "SSL enabled" flag; TLS is used when it
// is set or the URL is ldaps://. Findings come in a fixed order: URL, port,
// TLS, DN attribute.
func Analyze(url, baseDN, dnAttribute string, sslEnabled bool) []Finding {
	t, err := parseTarget(url)
	if err != nil {
		return []Finding{{LevelError, FindingInvalidURL, err.Error() + "; write it as ldaps://host:3269 (Global Catalog over TLS)"}}
	}
	var out []Finding
	add := func(l Level, code, format string, args ...any) {
		out = append(out, Finding{l, code, fmt.Sprintf(format, args...)})
	}
	useTLS := t.tls || sslEnabled
	switch {
	case (t.port == PortLDAP || t.port == PortLDAPS) && strings.TrimSpace(baseDN) == "":
		add(LevelError, FindingDomainPortEmptyBase,
			"port %d is a domain controller, not a Global Catalog, and the base is empty: the search is referred elsewhere and ECE fails with PartialResultException; use port %d with an empty base",
			t.port, gcPortFor(useTLS))
	case t.port == PortLDAP || t.port == PortLDAPS:
		add(LevelWarning, FindingNotGlobalCatalog,
			"port %d is a domain controller, not a Global Catalog: continuation references may make ECE fail with PartialResultException; the tech note advises port %d with an empty base",
			t.port, gcPortFor(useTLS))
	}
	switch {
	case useTLS && (t.port == PortGC || t.port == PortLDAP):
		add(LevelError, FindingSchemePortMismatch,
			"TLS on port %d, which is cleartext; LDAPS is port %d", t.port, tlsPortFor(t.port))
	case !useTLS && (t.port == PortGCSecure || t.port == PortLDAPS):
		add(LevelError, FindingSchemePortMismatch,
			"cleartext on port %d, which expects TLS; enable SSL (ldaps://%s)", t.port, net.JoinHostPort(t.host, strconv.Itoa(t.port)))
	}
	switch {
	case !useTLS:
		add(LevelWarning, FindingSSLDisabled,
			"SSL is off: the search account's password crosses the network in the clear, and domain controllers that require LDAP signing (Microsoft ADV190023) refuse the bind; use ldaps:// on port 3269 with the keystore of step 2.1")
	case t.tls && !sslEnabled:
		add(LevelWarning, FindingSSLFlagMismatch,
			"the URL is ldaps:// but SSL enabled is off; turn it on so that ECE uses the keystore")
	}
	if !strings.EqualFold(strings.TrimSpace(dnAttribute), "userPrincipalName") {
		add(LevelWarning, FindingDNAttributeNotUPN,
			"DN attribute is %q; the tech note requires userPrincipalName", dnAttribute)
	}
	return out
}

// gcPortFor is the Global Catalog port for TLS or cleartext.
func gcPortFor(useTLS bool) int {
	if useTLS {
		return PortGCSecure
	}
	return PortGC
}

// tlsPortFor is the TLS port matching a cleartext one.
func tlsPortFor(port int) int {
	if port == PortLDAP {
		return PortLDAPS
	}
	return PortGCSecure
}

// EffectiveURL is the URL Verify must use for settings whose "SSL
// enabled" flag is set: ldap:// becomes ldaps:// with the same host and port
// (389 and 636 made explicit), as ECE's Java client does with SSL on.
func EffectiveURL(url string, sslEnabled bool) (string, error) {
	t, err := parseTarget(url)
	if err != nil {
		return "", err
	}
	scheme := t.scheme
	if sslEnabled {
		scheme = "ldaps"
	}
	return scheme + "://" + t.hostPort, nil
}
