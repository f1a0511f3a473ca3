package pccesim

import (
	"bytes"
	"context"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// Server is a simulated PCCE AW serving the Unified Config API over HTTPS.
type Server struct {
	opts  Options
	caPEM []byte
	cert  tls.Certificate

	mu    sync.Mutex // guards store
	store Store

	fmu    sync.Mutex // guards faults and stats
	faults faults
	stats  Stats

	srv     *http.Server
	url     string
	closing chan struct{}
	once    sync.Once
	done    chan struct{}
}

// New prepares a simulator: its CA and certificate, and its state (read
// from Options.StateFile when it exists, seeded otherwise). Start serves.
func New(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	if opts.Password == "" {
		return nil, errors.New("pccesim: Options.Password is empty; the simulator accepts only its own credentials")
	}
	var caPEM []byte
	var cert tls.Certificate
	if opts.Certificate != nil {
		if len(opts.CAPEM) == 0 {
			return nil, errors.New("pccesim: Options.Certificate without Options.CAPEM")
		}
		caPEM, cert = bytes.Clone(opts.CAPEM), *opts.Certificate
	} else {
		var err error
		if caPEM, cert, err = newCertificates(time.Now(), opts.DNSNames); err != nil {
			return nil, fmt.Errorf("pccesim: %w", err)
		}
	}
	s := &Server{opts: opts, caPEM: caPEM, cert: cert, closing: make(chan struct{}), done: make(chan struct{})}
	switch _, statErr := os.Stat(opts.StateFile); {
	case opts.StateFile != "" && statErr == nil:
		st, err := LoadStore(opts.StateFile)
		if err != nil {
			return nil, err
		}
		s.store = st
	default:
		var err error
		s.store, err = s.seed()
		if err != nil {
			return nil, err
		}
		if opts.StateFile != "" {
			if err := s.store.Save(opts.StateFile); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// Start listens on Options.Addr and serves in the background, TLS only.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("pccesim: listening on %s: %w", s.opts.Addr, err)
	}
	tlsConf := &tls.Config{
		Certificates: []tls.Certificate{s.cert},
		MinVersion:   tls.VersionTLS12,
		NextProtos:   []string{"http/1.1"}, // no HTTP/2: DropNext hijacks connections
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(errorLog{s}, "", 0),
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){},
	}
	s.url = "https://" + ln.Addr().String()
	tl := tls.NewListener(&sniffListener{Listener: ln, s: s}, tlsConf)
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(tl)
	}()
	return nil
}

// URL is the base URL to give the client: https://127.0.0.1:<port>.
func (s *Server) URL() string { return s.url }

// CAPEM is the PEM of the simulator's own CA, which signed its server
// certificate.
func (s *Server) CAPEM() []byte { return bytes.Clone(s.caPEM) }

// CertPool is a pool holding only the simulator's CA.
func (s *Server) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AppendCertsFromPEM(s.caPEM)
	return p
}

// Close stops serving; hung requests end.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		close(s.closing)
		if s.srv != nil {
			err = s.srv.Close()
			<-s.done
		}
	})
	return err
}

// Snapshot returns a copy of the state.
func (s *Server) Snapshot() Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store.clone()
}

// Machines returns the inventory as the API shows it, in ID order.
func (s *Server) Machines() []pcce.Machine {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]pcce.Machine, 0, len(s.store.Machines))
	for _, m := range s.store.Machines {
		out = append(out, s.store.renderMachine(m))
	}
	return out
}

// ServeHTTP applies the injected faults and the credentials check, then
// serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.TLS == nil {
		s.fmu.Lock()
		s.stats.CleartextServed++
		s.fmu.Unlock()
		http.Error(w, "TLS required", http.StatusBadRequest)
		return
	}
	v := s.decide(r)
	if v.latency > 0 && !s.wait(r.Context(), v.latency) {
		return
	}
	if v.hang {
		s.wait(r.Context(), -1)
		return
	}
	if v.drop == DropBefore {
		hangUp(w)
		return
	}
	if v.fail != 0 {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(v.fail)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>\n", v.fail, http.StatusText(v.fail))
		return
	}
	if !s.authorized(r) {
		s.countUnauthorized()
		w.Header().Set("WWW-Authenticate", `Basic realm="Unified Config"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if v.conflict {
		writeErrors(w, http.StatusConflict, pcce.ErrorItem{
			Type: pcce.ErrTypeChangeStampMismatch, Data: "changeStamp",
			Message: "the item was changed by another user; read it again",
		})
		return
	}
	if v.drop == DropAfter {
		s.route(&discard{header: http.Header{}}, r)
		hangUp(w)
		return
	}
	s.route(w, r)
}

// wait sleeps d (d < 0: until the end), or until the client or the
// simulator gives up; false when it was cut short.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	var timer <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-timer:
		return true
	case <-ctx.Done():
	case <-s.closing:
	}
	return false
}

func (s *Server) authorized(r *http.Request) bool {
	u, p, ok := r.BasicAuth()
	if !ok {
		return false
	}
	uok := subtle.ConstantTimeCompare([]byte(u), []byte(s.opts.User)) == 1
	pok := subtle.ConstantTimeCompare([]byte(p), []byte(s.opts.Password)) == 1
	return uok && pok
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // closes the connection too
}

// discard is a ResponseWriter whose answer nobody receives.
type discard struct{ header http.Header }

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// sniffListener counts connections that speak plain HTTP to the TLS port.
type sniffListener struct {
	net.Listener
	s *Server
}

func (l *sniffListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &sniffConn{Conn: c, s: l.s}, nil
}

type sniffConn struct {
	net.Conn
	s    *Server
	once sync.Once
}

// Read notes the first byte: a TLS handshake record starts with 0x16.
func (c *sniffConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.once.Do(func() {
			if p[0] != 0x16 {
				c.s.fmu.Lock()
				c.s.stats.CleartextRefused++
				c.s.fmu.Unlock()
			}
		})
	}
	return n, err
}
