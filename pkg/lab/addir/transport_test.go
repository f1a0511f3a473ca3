package addir

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"
)

func TestRequireSigning(t *testing.T) {
	tests := []struct {
		name     string
		signing  bool
		port     int
		startTLS bool
		user     string
		password string
		code     int
	}{
		{"cleartext bind allowed without signing", false, PortGC, false, SearchDN, testPassword, 0},
		{"cleartext bind refused with signing", true, PortGC, false, SearchDN, testPassword, ldap.LDAPResultStrongAuthRequired},
		{"cleartext bind refused on the domain port too", true, PortLDAP, false, SearchUPN, testPassword, ldap.LDAPResultStrongAuthRequired},
		{"wrong password is refused the same way before it is checked", true, PortGC, false, SearchDN, "wrong-password", ldap.LDAPResultStrongAuthRequired},
		{"anonymous bind still allowed", true, PortGC, false, "", "", 0},
		{"bind after StartTLS allowed", true, PortGC, true, SearchDN, testPassword, 0},
		{"bind over LDAPS allowed", true, PortGCSecure, false, SearchDN, testPassword, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := startSeed(t, func(o *Options) { o.RequireSigning = tt.signing })
			l := connect(t, d, tt.port)
			if tt.startTLS {
				if err := l.StartTLS(clientTLS(d)); err != nil {
					t.Fatalf("StartTLS: %v", err)
				}
			}
			var err error
			if tt.user == "" {
				err = l.UnauthenticatedBind("")
			} else {
				err = l.Bind(tt.user, tt.password)
			}
			if got := resultCode(err); got != tt.code {
				t.Fatalf("bind: %d (%v), want %d", got, err, tt.code)
			}
			if tt.code == ldap.LDAPResultStrongAuthRequired {
				var e *ldap.Error
				errors.As(err, &e)
				if !strings.HasPrefix(e.Err.Error(), "00002028: LdapErr") {
					t.Errorf("diagnostic %q", e.Err.Error())
				}
			}
		})
	}
}

func TestStartTLSOnATLSConnectionIsRefused(t *testing.T) {
	d := startSeed(t, nil)
	raw, err := d.DialContext(context.Background(), "tcp", "dc1.example.com:3269")
	if err != nil {
		t.Fatal(err)
	}
	tc := tls.Client(raw, clientTLS(d))
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	l := ldap.NewConn(tc, false) // claims cleartext so that the request is sent
	l.Start()
	defer l.Close()
	err = l.StartTLS(clientTLS(d))
	if resultCode(err) != ldap.LDAPResultOperationsError {
		t.Fatalf("StartTLS on LDAPS: %v, want operationsError", err)
	}
}

func TestCleartextPortsAreOptional(t *testing.T) {
	d := startSeed(t, func(o *Options) { o.Cleartext = false })
	if d.GCClearURL() != "" || d.DomainClearURL() != "" {
		t.Errorf("cleartext URLs %q %q, want none", d.GCClearURL(), d.DomainClearURL())
	}
	_, err := d.DialContext(context.Background(), "tcp", "gc.example.com:3268")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dial 3268: %v, want connection refused", err)
	}
	if !strings.HasPrefix(d.GCURL(), "ldaps://127.0.0.1:") || !strings.HasPrefix(d.DomainURL(), "ldaps://127.0.0.1:") {
		t.Errorf("TLS URLs %q %q", d.GCURL(), d.DomainURL())
	}
}

func TestStopClosesPortsAndConnections(t *testing.T) {
	d := startSeed(t, nil)
	l := bound(t, d, PortGCSecure)
	d.Stop()
	d.Stop() // idempotent
	if _, err := l.Search(ldap.NewSearchRequest("", ldap.ScopeWholeSubtree, 0, 0, 0, false, "(objectClass=user)", nil, nil)); err == nil {
		t.Error("search on a stopped directory succeeded")
	}
	for _, port := range []int{PortGCSecure, PortLDAPS, PortGC, PortLDAP} {
		if c, err := d.DialContext(context.Background(), "tcp", net.JoinHostPort("dc1.example.com", strconv.Itoa(port))); err == nil {
			_ = c.Close()
			t.Errorf("port %d still accepts after Stop", port)
		}
	}
}

func TestServerCertificate(t *testing.T) {
	t.Run("default hosts", func(t *testing.T) {
		d := startSeed(t, nil)
		leaf := d.ServerCert()
		for _, h := range []string{DefaultHostname, SeedDomain, "localhost", "127.0.0.1"} {
			if err := leaf.VerifyHostname(h); err != nil {
				t.Errorf("not valid for %s: %v", h, err)
			}
		}
		if err := leaf.CheckSignatureFrom(d.CACert()); err != nil {
			t.Errorf("not issued by CACert: %v", err)
		}
	})
	t.Run("CertHosts replace them", func(t *testing.T) {
		d := startSeed(t, func(o *Options) { o.CertHosts = []string{"only.example.com"} })
		if err := d.ServerCert().VerifyHostname("127.0.0.1"); err == nil {
			t.Error("valid for 127.0.0.1 despite CertHosts")
		}
	})
	t.Run("a given self-signed certificate is served", func(t *testing.T) {
		given := selfSigned(t, "dc1.lab.example.com")
		d := startSeed(t, func(o *Options) { o.Certificate = &given; o.Hostname = "dc1.lab.example.com" })
		if !d.CACert().Equal(given.Leaf) {
			t.Fatal("CACert is not the given certificate")
		}
		raw, err := d.DialContext(context.Background(), "tcp", "dc1.lab.example.com:3269")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		tc := tls.Client(raw, clientTLS(d))
		if err := tc.Handshake(); err != nil {
			t.Fatalf("handshake trusting only the given certificate: %v", err)
		}
	})
}

// selfSigned makes a self-signed server certificate for host.
func selfSigned(t *testing.T, host string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

func TestDialContextPassesOtherAddressesThrough(t *testing.T) {
	d := startSeed(t, nil)
	addr := strings.TrimPrefix(d.GCURL(), "ldaps://")
	c, err := d.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	_ = c.Close()
	if _, err := d.DialContext(context.Background(), "tcp", "no-port"); err == nil {
		t.Error("an address without a port was accepted")
	}
}
