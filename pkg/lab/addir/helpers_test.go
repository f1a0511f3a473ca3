package addir

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strconv"
	"testing"

	"github.com/go-ldap/ldap/v3"
)

// testPassword is distinctive, to be searched for in outputs.
const testPassword = "Zq7-addir-Secret!"

// startSeed starts the seed directory with extra options applied.
func startSeed(t *testing.T, edit func(*Options)) *Directory {
	t.Helper()
	o := Seed(testPassword)
	if edit != nil {
		edit(&o)
	}
	d, err := Start(o)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(d.Stop)
	return d
}

// connect opens an LDAP connection to a well-known port of d, trusting its
// CA for LDAPS.
func connect(t *testing.T, d *Directory, port int) *ldap.Conn {
	t.Helper()
	raw, err := d.DialContext(context.Background(), "tcp", net.JoinHostPort(d.Hostname(), strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("dial %d: %v", port, err)
	}
	var c net.Conn = raw
	secure := port == PortGCSecure || port == PortLDAPS
	if secure {
		tc := tls.Client(raw, clientTLS(d))
		if err := tc.Handshake(); err != nil {
			t.Fatalf("handshake %d: %v", port, err)
		}
		c = tc
	}
	l := ldap.NewConn(c, secure)
	l.Start()
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// clientTLS trusts d's CA only.
func clientTLS(d *Directory) *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(d.CACert())
	return &tls.Config{RootCAs: pool, ServerName: d.Hostname()}
}

// bound connects and binds as the search account.
func bound(t *testing.T, d *Directory, port int) *ldap.Conn {
	t.Helper()
	l := connect(t, d, port)
	if err := l.Bind(SearchDN, testPassword); err != nil {
		t.Fatalf("bind: %v", err)
	}
	return l
}

// resultCode is the LDAP result code of err (0 for nil, -1 for a non-LDAP error).
func resultCode(err error) int {
	if err == nil {
		return 0
	}
	var e *ldap.Error
	if errors.As(err, &e) {
		return int(e.ResultCode)
	}
	return -1
}
