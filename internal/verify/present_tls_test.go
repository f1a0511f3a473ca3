package verify

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// tlsServer serves chain on loopback with an httptest TLS server.
func tlsServer(t *testing.T, chain ...testCert) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{tlsCert(chain)}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// sniOnlyServer refuses handshakes that send no server name, as IIS does
// for an SNI-only binding (httptest always has a default certificate).
func sniOnlyServer(t *testing.T, chain ...testCert) string {
	t.Helper()
	cert := tlsCert(chain)
	cfg := &tls.Config{GetCertificate: func(h *tls.ClientHelloInfo) (*tls.Certificate, error) {
		if h.ServerName == "" {
			return nil, errors.New("no certificate for a client without SNI")
		}
		return &cert, nil
	}}
	return rawServer(t, func(c net.Conn) {
		defer c.Close()
		_ = tls.Server(c, cfg).Handshake()
	})
}

func tlsCert(chain []testCert) tls.Certificate {
	cert := tls.Certificate{PrivateKey: chain[0].key, Leaf: chain[0].cert}
	for _, c := range chain {
		cert.Certificate = append(cert.Certificate, c.cert.Raw)
	}
	return cert
}

// rawServer accepts connections and hands them to serve.
func rawServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	return ln.Addr().String()
}

func TestTLSPresenter(t *testing.T) {
	root := newCert(t, certOpts{cn: "Root", ca: true})
	inter := newCert(t, certOpts{cn: "Issuing", ca: true, parent: &root})
	leaf := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}, parent: &inter})
	self := newCert(t, certOpts{cn: fqdn, dns: []string{fqdn}})

	plain := tlsServer(t, self)
	sniOnly := sniOnlyServer(t, self)
	chained := tlsServer(t, leaf, inter)
	closed := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return addr
	}()
	notTLS := rawServer(t, func(c net.Conn) {
		defer c.Close()
		_, _ = c.Write([]byte("HTTP/1.0 400 Bad Request\r\n\r\n"))
	})
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	silent := rawServer(t, func(c net.Conn) {
		defer c.Close()
		<-hang
	})

	tests := []struct {
		name       string
		addr       string
		serverName string
		timeout    time.Duration
		chain      int  // certificates presented; 0: an error
		nothing    bool // the error wraps ErrNothingPresented
		via        string
	}{
		{name: "with SNI", addr: plain, serverName: fqdn, chain: 1, via: ", SNI ece.example.com"},
		{name: "without SNI", addr: plain, chain: 1, via: ", no SNI"},
		{name: "SNI-only binding, with SNI", addr: sniOnly, serverName: fqdn, chain: 1},
		{name: "SNI-only binding, without SNI", addr: sniOnly, nothing: true},
		{name: "leaf and intermediate", addr: chained, serverName: fqdn, chain: 2},
		{name: "nothing listens", addr: closed},
		{name: "not TLS", addr: notTLS, nothing: true},
		{name: "never answers", addr: silent, timeout: 50 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := TLSPresenter{Addr: tt.addr, Timeout: tt.timeout}
			got, err := p.Present(t.Context(), tt.serverName)
			if tt.chain == 0 {
				if err == nil {
					t.Fatalf("presented %d certificates, want an error", len(got.Chain))
				}
				if errors.Is(err, ErrNothingPresented) != tt.nothing {
					t.Errorf("error %v: wraps ErrNothingPresented = %v, want %v", err, !tt.nothing, tt.nothing)
				}
				if !strings.HasPrefix(err.Error(), tt.addr+": ") {
					t.Errorf("error %q does not start with the address", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Chain) != tt.chain {
				t.Fatalf("presented %d certificates, want %d", len(got.Chain), tt.chain)
			}
			want := self.cert
			if tt.chain == 2 {
				want = leaf.cert
			}
			if !got.Leaf().Equal(want) {
				t.Errorf("leaf %s, want %s", got.Leaf().Subject, want.Subject)
			}
			if !strings.HasSuffix(got.Via, tt.via) || !strings.HasPrefix(got.Via, "TLS to "+tt.addr) {
				t.Errorf("via %q", got.Via)
			}
		})
	}
}
