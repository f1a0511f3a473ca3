package addir

import (
	"strings"
	"sync"

	"github.com/go-ldap/ldap/v3"
	"github.com/jimlambrt/gldap"
)

// refMarker starts the DN of an entry the front end turns into a
// searchResultReference carrying the rest of the DN as its URL.
const refMarker = "\x00addir-ref\x00"

// backend is the directory's behaviour for one role: a Global Catalog, or
// the domain controller of the forest root domain.
type backend struct {
	gc       bool
	tree     *tree
	hostname string

	mu    sync.Mutex
	bound map[int]*entry // connection ID → bound user; absent is anonymous
}

// newMux routes binds and searches to b.
func (b *backend) newMux() (*gldap.Mux, error) {
	mux, err := gldap.NewMux()
	if err != nil {
		return nil, err
	}
	if err := mux.Bind(b.bind); err != nil {
		return nil, err
	}
	if err := mux.Search(b.search); err != nil {
		return nil, err
	}
	return mux, nil
}

// forget drops a closed connection's identity.
func (b *backend) forget(connID int) {
	b.mu.Lock()
	delete(b.bound, connID)
	b.mu.Unlock()
}

// identity returns who is bound on a connection (nil: anonymous).
func (b *backend) identity(connID int) *entry {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bound[connID]
}

// setIdentity records the outcome of a bind (nil: anonymous).
func (b *backend) setIdentity(connID int, e *entry) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e == nil {
		delete(b.bound, connID)
		return
	}
	b.bound[connID] = e
}

// bind is a simple bind by DN, UPN or DOMAIN\sAMAccountName. An empty
// password is an anonymous (unauthenticated) bind.
func (b *backend) bind(w *gldap.ResponseWriter, r *gldap.Request) {
	resp := r.NewBindResponse(gldap.WithResponseCode(gldap.ResultSuccess))
	m, err := r.GetSimpleBindMessage()
	if err != nil {
		resp.SetResultCode(gldap.ResultAuthMethodNotSupported)
		_ = w.Write(resp)
		return
	}
	b.setIdentity(r.ConnectionID(), nil)
	if m.Password == "" {
		_ = w.Write(resp)
		return
	}
	e := b.tree.login(m.UserName)
	switch {
	case e == nil || e.user.Password != string(m.Password):
		resp.SetResultCode(gldap.ResultInvalidCredentials)
		resp.SetDiagnosticMessage(badCredentials("52e"))
	case e.user.Fault != "":
		resp.SetResultCode(gldap.ResultInvalidCredentials)
		resp.SetDiagnosticMessage(badCredentials(strings.ToLower(e.user.Fault)))
	default:
		b.setIdentity(r.ConnectionID(), e)
	}
	_ = w.Write(resp)
}

// login finds the user a bind name designates.
func (t *tree) login(name string) *entry {
	name = strings.TrimSpace(name)
	if dn, err := ldap.ParseDN(name); err == nil && len(dn.RDNs) > 0 && strings.Contains(name, "=") {
		if e := t.find(dn); e != nil && e.user != nil {
			return e
		}
		return nil
	}
	if dom, sam, ok := strings.Cut(name, `\`); ok {
		for _, e := range t.entries {
			if e.user != nil && strings.EqualFold(e.domain.netbios, dom) && strings.EqualFold(e.user.SAMAccountName, sam) {
				return e
			}
		}
		return nil
	}
	for _, e := range t.entries {
		if e.user != nil && e.user.UPN != "" && strings.EqualFold(e.user.UPN, name) {
			return e
		}
	}
	return nil
}

// search answers a search: the root DSE to anyone, the rest to bound users.
func (b *backend) search(w *gldap.ResponseWriter, r *gldap.Request) {
	done := r.NewSearchDoneResponse(gldap.WithResponseCode(gldap.ResultSuccess))
	m, err := r.GetSearchMessage()
	if err != nil {
		done.SetResultCode(gldap.ResultProtocolError)
		_ = w.Write(done)
		return
	}
	if m.BaseDN == "" && m.Scope == gldap.BaseObject {
		_ = w.Write(r.NewSearchResponseEntry("", gldap.WithAttributes(b.rootDSE())))
		_ = w.Write(done)
		return
	}
	if b.identity(r.ConnectionID()) == nil {
		done.SetResultCode(gldap.ResultOperationsError)
		done.SetDiagnosticMessage(diagBindRequired)
		_ = w.Write(done)
		return
	}
	res := b.tree.query(b.gc, m)
	for i, e := range res.entries {
		if m.SizeLimit > 0 && int64(i) >= m.SizeLimit {
			done.SetResultCode(gldap.ResultSizeLimitExceeded)
			break
		}
		_ = w.Write(r.NewSearchResponseEntry(e.dn, gldap.WithAttributes(selectAttrs(e, m.Attributes))))
	}
	for _, u := range res.refs {
		_ = w.Write(r.NewSearchResponseEntry(refMarker + u))
	}
	if res.code != gldap.ResultSuccess {
		done.SetResultCode(res.code)
		done.SetDiagnosticMessage(res.diag)
		done.SetMatchedDN(res.matched)
	}
	_ = w.Write(done)
}

// selectAttrs returns the requested attributes of e: all for none or "*",
// none for "1.1".
func selectAttrs(e *entry, want []string) map[string][]string {
	all := len(want) == 0
	for _, w := range want {
		if w == "*" {
			all = true
		}
	}
	out := map[string][]string{}
	for _, a := range e.attrs {
		if all {
			out[a.name] = a.values
			continue
		}
		for _, w := range want {
			if strings.EqualFold(w, a.name) {
				out[a.name] = a.values
			}
		}
	}
	return out
}

// rootDSE is the root DSE of the domain controller.
func (b *backend) rootDSE() map[string][]string {
	root := b.tree.domains[0].dn
	ncs := []string{root, "CN=Configuration," + root, "CN=Schema,CN=Configuration," + root,
		"DC=DomainDnsZones," + root, "DC=ForestDnsZones," + root}
	return map[string][]string{
		"defaultNamingContext":       {root},
		"rootDomainNamingContext":    {root},
		"configurationNamingContext": {"CN=Configuration," + root},
		"schemaNamingContext":        {"CN=Schema,CN=Configuration," + root},
		"namingContexts":             ncs,
		"dnsHostName":                {b.hostname},
		"isGlobalCatalogReady":       {"TRUE"},
		"supportedLDAPVersion":       {"3", "2"},
		"supportedSASLMechanisms":    {"GSSAPI", "GSS-SPNEGO", "EXTERNAL", "DIGEST-MD5"},
		"supportedExtension":         {"1.3.6.1.4.1.1466.20037"},
	}
}
