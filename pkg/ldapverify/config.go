package ldapverify

import (
	"context"
	"crypto/x509"
	"net"
	"time"
)

// DefaultTimeout bounds each step when Config.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Config is what ECE's Partition Administrator SSO form holds (step 2.2),
// plus a user to look up.
type Config struct {
	// URL is the LDAP URL: ldaps://gc.example.com:3269 or
	// ldap://gc.example.com:3268. Without a port, 636 and 389 are used.
	URL string
	// RootCAs are EXACTLY the certificates of the spec's keystore (step
	// 2.1). No system roots are added: an empty list trusts nothing.
	RootCAs []*x509.Certificate
	// BindDN is the DN for LDAP search, or a UPN (Active Directory accepts
	// both). Empty BindDN and Password: no bind (anonymous).
	BindDN string
	// Password of BindDN. Never in a Report, an error or a log.
	Password string
	// BaseDN is the search base; empty with a Global Catalog.
	BaseDN string
	// DNAttribute is the attribute the user is searched by; default
	// userPrincipalName.
	DNAttribute string
	// TestUser is the value searched for (a UPN). Empty: any entry having
	// DNAttribute will do.
	TestUser string
	// Timeout bounds each step; default DefaultTimeout.
	Timeout time.Duration
	// StartTLS upgrades an ldap:// connection with the StartTLS operation
	// before binding. Ignored for ldaps://.
	StartTLS bool
	// Now is the clock used for step timings; default time.Now.
	Now func() time.Time
	// Dial opens the TCP connection; default a net.Dialer. The lab uses it
	// to send gc.example.com:3269 to its in-process directory.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
}

// withDefaults returns c with the zero fields defaulted.
func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.DNAttribute == "" {
		c.DNAttribute = "userPrincipalName"
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Dial == nil {
		var d net.Dialer
		c.Dial = d.DialContext
	}
	return c
}
