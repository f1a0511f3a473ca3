package addir

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/jimlambrt/gldap"
)

// Well-known Active Directory ports, which DialContext maps to the lab's.
const (
	PortLDAP     = 389
	PortLDAPS    = 636
	PortGC       = 3268
	PortGCSecure = 3269
)

// backendStartLimit bounds how long a gldap backend may take to listen.
const backendStartLimit = 5 * time.Second

// Directory is a running lab directory. Its methods are safe for
// concurrent use.
type Directory struct {
	opts      Options
	pki       pki
	tlsConfig *tls.Config
	servers   []*gldap.Server
	fronts    map[int]*front // by well-known port

	wg      sync.WaitGroup
	mu      sync.Mutex
	conns   map[net.Conn]struct{}
	stopped bool
}

// Start builds the directory from opts and listens on free loopback ports.
// Call Stop when done.
func Start(opts Options) (*Directory, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	t, err := newTree(opts)
	if err != nil {
		return nil, err
	}
	var p pki
	if opts.Certificate != nil {
		p, err = givenPKI(opts.Certificate)
	} else {
		hosts := opts.CertHosts
		if len(hosts) == 0 {
			hosts = []string{opts.Hostname, opts.Domains[0], "localhost", "127.0.0.1", "::1"}
		}
		p, err = newPKI(opts.Hostname, hosts, opts.Now())
	}
	if err != nil {
		return nil, err
	}
	d := &Directory{
		opts:      opts,
		pki:       p,
		tlsConfig: &tls.Config{Certificates: []tls.Certificate{p.server}, MinVersion: tls.VersionTLS12},
		fronts:    map[int]*front{},
		conns:     map[net.Conn]struct{}{},
	}
	if err := d.listen(t); err != nil {
		d.Stop()
		return nil, err
	}
	return d, nil
}

// portSpec is a public port to open.
type portSpec struct {
	port    int    // the well-known port it stands for
	secure  bool   // LDAPS
	backend string // the gldap backend's address
}

// listen starts the backends and the public ports.
func (d *Directory) listen(t *tree) error {
	gcAddr, err := d.startBackend(&backend{gc: true, tree: t, hostname: d.opts.Hostname, bound: map[int]*entry{}})
	if err != nil {
		return err
	}
	dcAddr, err := d.startBackend(&backend{gc: false, tree: t, hostname: d.opts.Hostname, bound: map[int]*entry{}})
	if err != nil {
		return err
	}
	ports := []portSpec{{PortGCSecure, true, gcAddr}, {PortLDAPS, true, dcAddr}}
	if d.opts.Cleartext {
		ports = append(ports, portSpec{PortGC, false, gcAddr}, portSpec{PortLDAP, false, dcAddr})
	}
	for _, p := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("addir: listening for port %d: %w", p.port, err)
		}
		f := &front{d: d, ln: ln, secure: p.secure, backend: p.backend}
		d.fronts[p.port] = f
		d.wg.Add(1)
		go f.serve()
	}
	return nil
}

// startBackend runs a gldap server for b on a free loopback port and
// returns its address. The port is found by listening on port 0 and
// closing; if another process takes it in between, gldap's Run fails and
// another port is tried.
func (d *Directory) startBackend(b *backend) (string, error) {
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		addr, err := freeAddr()
		if err != nil {
			return "", err
		}
		srv, err := gldap.NewServer(gldap.WithLogger(hclog.NewNullLogger()), gldap.WithOnClose(b.forget))
		if err != nil {
			return "", fmt.Errorf("addir: %w", err)
		}
		mux, err := b.newMux()
		if err != nil {
			return "", fmt.Errorf("addir: %w", err)
		}
		if err := srv.Router(mux); err != nil {
			return "", fmt.Errorf("addir: %w", err)
		}
		errc := make(chan error, 1)
		go func() { errc <- srv.Run(addr) }()
		if err := waitReady(srv, errc); err != nil {
			last = err
			continue
		}
		d.mu.Lock()
		d.servers = append(d.servers, srv)
		d.mu.Unlock()
		return addr, nil
	}
	return "", fmt.Errorf("addir: starting the directory: %w", last)
}

// waitReady waits until srv listens, or Run failed.
func waitReady(srv *gldap.Server, errc <-chan error) error {
	deadline := time.Now().Add(backendStartLimit)
	for !srv.Ready() {
		select {
		case err := <-errc:
			return err
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = srv.Stop()
			return errors.New("backend did not start")
		}
	}
	select {
	case err := <-errc:
		if err == nil {
			err = errors.New("backend stopped")
		}
		return err
	default:
		return nil
	}
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("addir: finding a free port: %w", err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr, nil
}

// Stop closes every port and connection. It is idempotent.
func (d *Directory) Stop() {
	d.mu.Lock()
	if d.stopped {
		d.mu.Unlock()
		return
	}
	d.stopped = true
	for _, f := range d.fronts {
		_ = f.ln.Close()
	}
	for c := range d.conns {
		_ = c.Close()
	}
	servers := d.servers
	d.mu.Unlock()
	d.wg.Wait()
	for _, s := range servers {
		_ = s.Stop()
	}
}

// track registers a connection for Stop; false once stopped.
func (d *Directory) track(c net.Conn) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return false
	}
	d.conns[c] = struct{}{}
	return true
}

// untrack closes a connection and forgets it.
func (d *Directory) untrack(c net.Conn) {
	_ = c.Close()
	d.mu.Lock()
	delete(d.conns, c)
	d.mu.Unlock()
}

// url is the lab URL of a well-known port ("" when not open).
func (d *Directory) url(port int) string {
	f, ok := d.fronts[port]
	if !ok {
		return ""
	}
	scheme := "ldap://"
	if f.secure {
		scheme = "ldaps://"
	}
	return scheme + f.ln.Addr().String()
}

// GCURL is the Global Catalog over TLS (like port 3269): ldaps://127.0.0.1:N.
func (d *Directory) GCURL() string { return d.url(PortGCSecure) }

// DomainURL is the domain controller over TLS (like port 636).
func (d *Directory) DomainURL() string { return d.url(PortLDAPS) }

// GCClearURL is the cleartext Global Catalog (like 3268); "" unless
// Options.Cleartext.
func (d *Directory) GCClearURL() string { return d.url(PortGC) }

// DomainClearURL is the cleartext domain controller (like 389); "" unless
// Options.Cleartext.
func (d *Directory) DomainClearURL() string { return d.url(PortLDAP) }

// CACert is the CA that issued the server certificate: what the keystore of
// step 2.1 must hold.
func (d *Directory) CACert() *x509.Certificate { return d.pki.ca }

// ServerCert is the directory's TLS certificate (the domain controller's
// certificate an administrator would export in step 2.1).
func (d *Directory) ServerCert() *x509.Certificate { return d.pki.server.Leaf }

// Hostname is the domain controller's DNS name.
func (d *Directory) Hostname() string { return d.opts.Hostname }

// DialContext connects like a net.Dialer, except that the well-known ports
// (3269, 636, 3268, 389) of any host go to the lab's matching port; a
// well-known port the lab does not open refuses the connection. Other
// addresses are dialled as given.
func (d *Directory) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	var dialer net.Dialer
	_, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return dialer.DialContext(ctx, network, address)
	}
	switch port {
	case PortGCSecure, PortLDAPS, PortGC, PortLDAP:
		f, ok := d.fronts[port]
		if !ok {
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
		}
		return dialer.DialContext(ctx, network, f.ln.Addr().String())
	}
	return dialer.DialContext(ctx, network, address)
}
