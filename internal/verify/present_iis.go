package verify

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// IISPresenter reads what IIS would present, from the server's Windows
// operations: the site's https binding on the port that answers the client
// (an SNI binding for the name it sends, else a binding without SNI), the
// http.sys SSL binding of that endpoint (hostname:port for SNI, IP:port
// falling back to 0.0.0.0:port otherwise), and that certificate in
// LocalMachine\My with the issuers the store holds. Used for lab hosts,
// where nothing listens.
type IISPresenter struct {
	// Host names the server in Via.
	Host string
	Ops  winops.Ops
	// Site defaults to winops.DefaultSite, Port to 443.
	Site string
	Port int
}

var (
	_ Presenter     = IISPresenter{}
	_ BindingReader = IISPresenter{}
)

func (p IISPresenter) site() string {
	if p.Site == "" {
		return winops.DefaultSite
	}
	return p.Site
}

func (p IISPresenter) port() int {
	if p.Port == 0 {
		return 443
	}
	return p.Port
}

// HTTPSBindings returns the site's https bindings on the port. A missing
// site has none.
func (p IISPresenter) HTTPSBindings(ctx context.Context) ([]winops.Binding, error) {
	site, err := p.Ops.Site(ctx, p.site())
	if errors.Is(err, winops.ErrSiteNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: IIS site %q: %w", p.Host, p.site(), err)
	}
	var out []winops.Binding
	for _, b := range site.Bindings {
		if bi, ok := parseBinding(b); ok && strings.EqualFold(b.Protocol, "https") && bi.port == p.port() {
			out = append(out, b)
		}
	}
	return out, nil
}

// Present follows IIS and http.sys for a client sending serverName.
func (p IISPresenter) Present(ctx context.Context, serverName string) (Presentation, error) {
	bindings, err := p.HTTPSBindings(ctx)
	if err != nil {
		return Presentation{}, err
	}
	if len(bindings) == 0 {
		return Presentation{}, fmt.Errorf("%s: IIS site %q has no https binding on port %d: %w", p.Host, p.site(), p.port(), ErrNothingPresented)
	}
	var chosen *winops.Binding
	var endpoints []string
	for i, b := range bindings {
		bi, _ := parseBinding(b)
		sni := b.SSLFlags&winops.SSLFlagSNI != 0
		if sni && serverName != "" && strings.EqualFold(bi.host, serverName) {
			chosen, endpoints = &bindings[i], []string{bi.host + ":" + strconv.Itoa(bi.port)}
			break
		}
		if !sni && chosen == nil {
			ip := strings.Trim(bi.ip, "[]")
			if bi.ip == "*" {
				ip = "0.0.0.0"
			}
			chosen, endpoints = &bindings[i], []string{ip + ":" + strconv.Itoa(bi.port)}
			if ip != "0.0.0.0" {
				endpoints = append(endpoints, "0.0.0.0:"+strconv.Itoa(bi.port))
			}
		}
	}
	if chosen == nil {
		return Presentation{}, fmt.Errorf("%s: every https binding on port %d requires SNI%s: %w",
			p.Host, p.port(), forName(serverName), ErrNothingPresented)
	}
	ssl, err := p.Ops.SSLBindings(ctx)
	if err != nil {
		return Presentation{}, fmt.Errorf("%s: http.sys bindings: %w", p.Host, err)
	}
	var hit *winops.SSLBinding
	for _, ep := range endpoints {
		for i := range ssl {
			if strings.EqualFold(ssl[i].Endpoint, ep) {
				hit = &ssl[i]
				break
			}
		}
		if hit != nil {
			break
		}
	}
	if hit == nil {
		return Presentation{}, fmt.Errorf("%s: the https binding %s has no http.sys certificate binding (%s): %w",
			p.Host, chosen.Information, strings.Join(endpoints, " or "), ErrNothingPresented)
	}
	chain, err := p.chain(ctx, hit.CertHash)
	if err != nil {
		return Presentation{}, err
	}
	via := fmt.Sprintf("IIS https %s → http.sys %s", chosen.Information, hit.Endpoint)
	return Presentation{Chain: chain, Via: via}, nil
}

// chain returns the certificate of thumbprint and its issuers found in the
// store, leaf first, as Windows would send them.
func (p IISPresenter) chain(ctx context.Context, thumbprint string) ([]*x509.Certificate, error) {
	certs, err := p.Ops.Certificates(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: LocalMachine\\My: %w", p.Host, err)
	}
	var all []*x509.Certificate
	var leaf *x509.Certificate
	for _, c := range certs {
		x, err := x509.ParseCertificate(c.DER)
		if err != nil {
			continue // not one IIS could present either
		}
		all = append(all, x)
		if strings.EqualFold(c.Thumbprint, thumbprint) {
			leaf = x
		}
	}
	if leaf == nil {
		return nil, fmt.Errorf("%s: http.sys presents certificate %s, which is not in LocalMachine\\My: %w", p.Host, thumbprint, ErrNothingPresented)
	}
	chain := []*x509.Certificate{leaf}
	for cur := leaf; len(chain) < 10; {
		if selfIssued(cur) {
			break
		}
		var next *x509.Certificate
		for _, c := range all {
			if c != cur && !selfIssued(c) && cur.CheckSignatureFrom(c) == nil {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		chain = append(chain, next)
		cur = next
	}
	return chain, nil
}

// selfIssued: a root (or a self-signed leaf); IIS does not send roots.
func selfIssued(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject)
}

// bindingInfo is a parsed bindingInformation "IP:port:hostname".
type bindingInfo struct {
	ip   string
	port int
	host string
}

func parseBinding(b winops.Binding) (bindingInfo, bool) {
	i := strings.LastIndex(b.Information, ":")
	if i < 0 {
		return bindingInfo{}, false
	}
	rest, host := b.Information[:i], b.Information[i+1:]
	j := strings.LastIndex(rest, ":")
	if j <= 0 {
		return bindingInfo{}, false
	}
	port, err := strconv.Atoi(rest[j+1:])
	if err != nil {
		return bindingInfo{}, false
	}
	return bindingInfo{ip: rest[:j], port: port, host: host}, true
}

func forName(serverName string) string {
	if serverName == "" {
		return " and the client sends no name"
	}
	return " and none is for " + serverName
}
