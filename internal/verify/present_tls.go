package verify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"
)

// DefaultHandshakeTimeout bounds one TLS dial and handshake of TLSPresenter.
const DefaultHandshakeTimeout = 10 * time.Second

// TLSPresenter asks a real web server: it dials Addr and takes the peer's
// chain. It does not verify it: trust is decided against each ADS
// truststore, as PCCE's Tomcat would, not against this machine's roots.
type TLSPresenter struct {
	// Addr is host:port, e.g. "ece-web-a.example.com:443".
	Addr string
	// DialContext dials TCP (default a net.Dialer).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Timeout bounds the dial and the handshake (default
	// DefaultHandshakeTimeout).
	Timeout time.Duration
}

var _ Presenter = TLSPresenter{}

// Present dials Addr and does a TLS handshake sending serverName as SNI
// ("" sends none). A refused handshake wraps ErrNothingPresented.
func (p TLSPresenter) Present(ctx context.Context, serverName string) (Presentation, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultHandshakeTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dial := p.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	conn, err := dial(ctx, "tcp", p.Addr)
	if err != nil {
		return Presentation{}, fmt.Errorf("%s: %w", p.Addr, err)
	}
	defer conn.Close()
	tc := tls.Client(conn, &tls.Config{
		ServerName: serverName, // "" sends no SNI
		// The chain is verified by the caller against each ADS truststore;
		// verifying it here against this machine's roots would hide what
		// PCCE sees.
		InsecureSkipVerify: true, //nolint:gosec // verified by the caller, see above
	})
	if err := tc.HandshakeContext(ctx); err != nil {
		var ne net.Error
		if ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
			return Presentation{}, fmt.Errorf("%s: TLS handshake: %w", p.Addr, err)
		}
		return Presentation{}, fmt.Errorf("%s: TLS handshake%s: %v: %w", p.Addr, sniPhrase(serverName), err, ErrNothingPresented)
	}
	chain := tc.ConnectionState().PeerCertificates
	if len(chain) == 0 {
		return Presentation{}, fmt.Errorf("%s%s: %w", p.Addr, sniPhrase(serverName), ErrNothingPresented)
	}
	return Presentation{Chain: chain, Via: "TLS to " + p.Addr + sniPhrase(serverName)}, nil
}

// sniPhrase is ", SNI name" or ", no SNI".
func sniPhrase(serverName string) string {
	if serverName == "" {
		return ", no SNI"
	}
	return ", SNI " + serverName
}
