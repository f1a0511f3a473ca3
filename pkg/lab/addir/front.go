package addir

import (
	"crypto/tls"
	"net"
	"strings"
	"sync"
	"time"

	ber "github.com/go-asn1-ber/asn1-ber"
	"github.com/go-ldap/ldap/v3"
)

// startTLSOID is the StartTLS extended operation.
const startTLSOID = "1.3.6.1.4.1.1466.20037"

// handshakeTimeout bounds a client's TLS handshake.
const handshakeTimeout = 10 * time.Second

// front is one public port: it accepts clients, terminates TLS, applies the
// transport rules (StartTLS, LDAP signing) and relays LDAP messages to the
// role's gldap backend.
type front struct {
	d       *Directory
	ln      net.Listener
	secure  bool   // LDAPS from the first byte
	backend string // address of the gldap backend
}

// serve accepts clients until the listener closes.
func (f *front) serve() {
	defer f.d.wg.Done()
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		if !f.d.track(c) {
			_ = c.Close()
			return
		}
		f.d.wg.Add(1)
		go f.handle(c)
	}
}

// session is one client connection and its backend connection.
type session struct {
	d      *Directory
	mu     sync.Mutex // guards writes to client and the swap to TLS
	client net.Conn
	back   net.Conn
	secure bool
}

// handle relays one client until either side closes.
func (f *front) handle(c net.Conn) {
	defer f.d.wg.Done()
	defer f.d.untrack(c)
	s := &session{d: f.d, client: c, secure: f.secure}
	if f.secure {
		tc := tls.Server(c, f.d.tlsConfig)
		_ = c.SetDeadline(time.Now().Add(handshakeTimeout))
		if err := tc.Handshake(); err != nil {
			return
		}
		_ = c.SetDeadline(time.Time{})
		s.client = tc
	}
	back, err := net.Dial("tcp", f.backend)
	if err != nil {
		return
	}
	if !f.d.track(back) {
		_ = back.Close()
		return
	}
	defer f.d.untrack(back)
	s.back = back
	f.d.wg.Add(1)
	go s.fromBackend()
	s.fromClient()
}

// fromClient reads the client's requests; most go to the backend, StartTLS
// and refused binds are answered here.
func (s *session) fromClient() {
	for {
		p, err := ber.ReadPacket(s.client)
		if err != nil || len(p.Children) < 2 {
			return
		}
		id, op := p.Children[0], p.Children[1]
		if op.ClassType == ber.ClassApplication {
			switch op.Tag {
			case ldap.ApplicationExtendedRequest:
				if len(op.Children) > 0 && str(op.Children[0]) == startTLSOID {
					if s.startTLS(id) != nil {
						return
					}
					continue
				}
			case ldap.ApplicationBindRequest:
				if s.d.opts.RequireSigning && !s.secure && simplePassword(op) {
					if s.write(response(id, ldap.ApplicationBindResponse, ldap.LDAPResultStrongAuthRequired, diagStrongAuth)) != nil {
						return
					}
					continue
				}
			}
		}
		if _, err := s.back.Write(p.Bytes()); err != nil {
			return
		}
	}
}

// fromBackend relays the backend's responses, turning marked entries into
// searchResultReference messages. When the backend ends, so does the client.
func (s *session) fromBackend() {
	defer s.d.wg.Done()
	defer func() {
		s.mu.Lock()
		_ = s.client.Close()
		s.mu.Unlock()
	}()
	for {
		p, err := ber.ReadPacket(s.back)
		if err != nil {
			return
		}
		if url, ok := markedReference(p); ok {
			p = reference(p.Children[0], url)
		}
		if s.write(p) != nil {
			return
		}
	}
}

// write sends one message to the client.
func (s *session) write(p *ber.Packet) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.client.Write(p.Bytes())
	return err
}

// startTLS answers a StartTLS request and upgrades the client connection.
func (s *session) startTLS(id *ber.Packet) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secure {
		_, err := s.client.Write(response(id, ldap.ApplicationExtendedResponse, ldap.LDAPResultOperationsError, diagAlreadyTLS).Bytes())
		return err
	}
	ok := response(id, ldap.ApplicationExtendedResponse, ldap.LDAPResultSuccess, "",
		ber.NewString(ber.ClassContext, ber.TypePrimitive, 10, startTLSOID, "responseName"))
	if _, err := s.client.Write(ok.Bytes()); err != nil {
		return err
	}
	raw := s.client
	tc := tls.Server(raw, s.d.tlsConfig)
	_ = raw.SetDeadline(time.Now().Add(handshakeTimeout))
	if err := tc.Handshake(); err != nil {
		return err
	}
	_ = raw.SetDeadline(time.Time{})
	s.client, s.secure = tc, true
	return nil
}

// simplePassword reports whether a BindRequest is a simple bind with a
// non-empty password.
func simplePassword(op *ber.Packet) bool {
	if len(op.Children) < 3 {
		return false
	}
	auth := op.Children[2]
	return auth.ClassType == ber.ClassContext && auth.Tag == 0 && auth.Data != nil && auth.Data.Len() > 0
}

// markedReference recognises an entry written by the backend as a
// reference and returns its URL.
func markedReference(p *ber.Packet) (string, bool) {
	if len(p.Children) < 2 {
		return "", false
	}
	op := p.Children[1]
	if op.ClassType != ber.ClassApplication || op.Tag != ldap.ApplicationSearchResultEntry || len(op.Children) == 0 {
		return "", false
	}
	dn := str(op.Children[0])
	if !strings.HasPrefix(dn, refMarker) {
		return "", false
	}
	return strings.TrimPrefix(dn, refMarker), true
}

// reference builds a searchResultReference message.
func reference(id *ber.Packet, url string) *ber.Packet {
	msg := ber.Encode(ber.ClassUniversal, ber.TypeConstructed, ber.TagSequence, nil, "LDAP Response")
	msg.AppendChild(id)
	ref := ber.Encode(ber.ClassApplication, ber.TypeConstructed, ldap.ApplicationSearchResultReference, nil, "Search Result Reference")
	ref.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, url, "URI"))
	msg.AppendChild(ref)
	return msg
}

// response builds an LDAPResult-shaped response.
func response(id *ber.Packet, app ber.Tag, code int, diag string, extra ...*ber.Packet) *ber.Packet {
	msg := ber.Encode(ber.ClassUniversal, ber.TypeConstructed, ber.TagSequence, nil, "LDAP Response")
	msg.AppendChild(id)
	r := ber.Encode(ber.ClassApplication, ber.TypeConstructed, app, nil, "Response")
	r.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagEnumerated, int64(code), "resultCode"))
	r.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, "", "matchedDN"))
	r.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, diag, "diagnosticMessage"))
	for _, x := range extra {
		r.AppendChild(x)
	}
	msg.AppendChild(r)
	return msg
}
