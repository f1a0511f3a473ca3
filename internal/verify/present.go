package verify

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// ErrNothingPresented is wrapped by Present when the server can be asked
// but presents no certificate for the name: the TLS handshake is refused,
// or IIS has no binding that answers it.
var ErrNothingPresented = errors.New("no certificate presented")

// Presentation is what a web server presents to a TLS client.
type Presentation struct {
	// Chain is the certificates as sent, leaf first; never empty.
	Chain []*x509.Certificate
	// Via says how it was obtained ("TLS to ece-web-a.example.com:443, SNI
	// ece.example.com" or "IIS binding *:443: → http.sys 0.0.0.0:443").
	Via string
}

// Leaf is the server's own certificate.
func (p Presentation) Leaf() *x509.Certificate { return p.Chain[0] }

// Presenter obtains a web server's certificate chain as a client sees it.
type Presenter interface {
	// Present returns what the server presents on its https port to a
	// client that sends serverName by SNI ("" sends none). A server that
	// answers but presents nothing for that name is an error wrapping
	// ErrNothingPresented; a server that cannot be reached is any other
	// error.
	Present(ctx context.Context, serverName string) (Presentation, error)
}

// BindingReader is implemented by presenters that read the server's
// configuration (IIS): the sni check then names the binding at fault.
type BindingReader interface {
	// HTTPSBindings returns the site's https bindings on the port (none is
	// an empty list).
	HTTPSBindings(ctx context.Context) ([]winops.Binding, error)
}

// fingerprint is the uppercase hex SHA-256 of a certificate, as keytool
// -list shows it without colons.
func fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// describeCert names a certificate in one phrase: "CN=ece.example.com
// (SANs ece.example.com, web-a.example.com; SHA-256 AB12CD34…)".
func describeCert(c *x509.Certificate) string {
	s := "CN=" + c.Subject.CommonName
	if c.Subject.CommonName == "" {
		s = c.Subject.String()
	}
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) > 0 {
		s += " (SANs " + strings.Join(names, ", ") + "; "
	} else {
		s += " (no SANs; "
	}
	return s + "SHA-256 " + fingerprint(c)[:16] + "…)"
}

// shortCert names a certificate by CN and fingerprint only.
func shortCert(c *x509.Certificate) string {
	name := "CN=" + c.Subject.CommonName
	if c.Subject.CommonName == "" {
		name = c.Subject.String()
	}
	return name + " (SHA-256 " + fingerprint(c)[:16] + "…)"
}

// why is a presenter's error without the server's name in front and the
// sentinel's words at the end, for a sentence that names both already.
func why(err error, server string) string {
	s := strings.TrimPrefix(err.Error(), server+": ")
	return strings.TrimSuffix(s, ": "+ErrNothingPresented.Error())
}
