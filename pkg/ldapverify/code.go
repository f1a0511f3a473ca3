package ldapverify

import "fmt"

// FailureCode names why a verification failed. Its String is the constant's
// name ("TLSUnknownAuthority"); [FailureCode.Remedy] is a sentence of advice.
type FailureCode int

const (
	// None: every step passed.
	None FailureCode = iota
	// TLSUnknownAuthority: the server's certificate does not chain to any
	// certificate of the keystore (Config.RootCAs). ECE would fail the same
	// way: import the AD certificate, or its CA root and intermediates, into
	// the keystore of step 2.1.
	TLSUnknownAuthority
	// TLSHostnameMismatch: the server's certificate is valid, but not for the
	// host name of the URL. Use a name listed in the certificate's subject
	// alternative names, or ask for a certificate that lists the name used.
	TLSHostnameMismatch
	// TLSCertificateInvalid: the certificate chains to the keystore but is
	// expired, not yet valid, or not meant for a TLS server.
	TLSCertificateInvalid
	// Unreachable: no TCP connection (connection refused, no route, name not
	// found, server stopped).
	Unreachable
	// Timeout: a step took longer than Config.Timeout (a firewall dropping
	// packets, a server that accepts and never answers).
	Timeout
	// BadCredentials: LDAP result 49, invalidCredentials. Active Directory
	// adds a "data NNN" sub-code, decoded into words in the Detail.
	BadCredentials
	// StrongAuthRequired: the server refuses a simple bind on a cleartext
	// connection (LDAP result 8, or 13 confidentialityRequired), as a domain
	// controller does when LDAP signing is required. Use LDAPS (port 3269)
	// with SSL enabled.
	StrongAuthRequired
	// BindRequired: the server refuses anonymous operations (Active
	// Directory's operationsError "a successful bind must be completed").
	// Give the DN for LDAP search and its password.
	BindRequired
	// Referral: the server answered with a referral or continuation
	// references instead of (or besides) entries: the URL names a domain
	// controller port, not a Global Catalog. ECE fails with
	// javax.naming.PartialResultException. Use port 3269 (LDAPS) or 3268
	// with an empty base.
	Referral
	// UserNotFound: the search worked but no entry has the DN attribute
	// equal to the test user.
	UserNotFound
	// NoSuchObject: the base DN does not exist on the server (LDAP result 32).
	NoSuchObject
	// InvalidConfig: the settings cannot be tried (a malformed URL, a scheme
	// other than ldap or ldaps).
	InvalidConfig
	// Other: anything else; the Detail says what.
	Other
)

var codeNames = [...]string{
	None:                  "None",
	TLSUnknownAuthority:   "TLSUnknownAuthority",
	TLSHostnameMismatch:   "TLSHostnameMismatch",
	TLSCertificateInvalid: "TLSCertificateInvalid",
	Unreachable:           "Unreachable",
	Timeout:               "Timeout",
	BadCredentials:        "BadCredentials",
	StrongAuthRequired:    "StrongAuthRequired",
	BindRequired:          "BindRequired",
	Referral:              "Referral",
	UserNotFound:          "UserNotFound",
	NoSuchObject:          "NoSuchObject",
	InvalidConfig:         "InvalidConfig",
	Other:                 "Other",
}

var remedies = [...]string{
	None:                  "",
	TLSUnknownAuthority:   "import the AD certificate, or its CA root and intermediates, into the keystore of step 2.1; ECE trusts nothing else",
	TLSHostnameMismatch:   "use a host name the certificate lists (CN or subject alternative name) in the LDAP URL",
	TLSCertificateInvalid: "renew the domain controller's certificate and import the new one into the keystore",
	Unreachable:           "check the host name, the port (3269 for LDAPS to a Global Catalog) and the firewall",
	Timeout:               "check the firewall and that the port speaks the scheme of the URL (ldaps:// on 3269, ldap:// on 3268)",
	BadCredentials:        "check the DN for LDAP search and its password",
	StrongAuthRequired:    "the domain controller requires LDAP signing (ADV190023): use ldaps:// on port 3269 with SSL enabled",
	BindRequired:          "the directory refuses anonymous searches: give the DN for LDAP search and its password",
	Referral:              "use a Global Catalog (port 3269 with LDAPS, 3268 without) with an empty base; ECE fails on referrals with PartialResultException",
	UserNotFound:          "check the DN attribute (userPrincipalName) and the base; with a Global Catalog leave the base empty",
	NoSuchObject:          "the base must be an existing DN such as DC=example,DC=com, or empty with a Global Catalog",
	InvalidConfig:         "write the LDAP URL as ldaps://host:3269 or ldap://host:3268",
	Other:                 "",
}

// String returns the constant's name.
func (c FailureCode) String() string {
	if c >= 0 && int(c) < len(codeNames) {
		return codeNames[c]
	}
	return fmt.Sprintf("FailureCode(%d)", int(c))
}

// Remedy returns a sentence of advice for the code ("" for None and Other).
func (c FailureCode) Remedy() string {
	if c >= 0 && int(c) < len(remedies) {
		return remedies[c]
	}
	return ""
}

// MarshalText renders the code as its name (for JSON).
func (c FailureCode) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText parses a name written by MarshalText.
func (c *FailureCode) UnmarshalText(b []byte) error {
	for i, n := range codeNames {
		if n == string(b) {
			*c = FailureCode(i)
			return nil
		}
	}
	return fmt.Errorf("unknown failure code %q", b)
}
