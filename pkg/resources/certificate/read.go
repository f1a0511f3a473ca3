package certificate

import (
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// stored is one certificate of LocalMachine\My, parsed.
type stored struct {
	winops.Cert
	x509 *x509.Certificate
	info certgen.Info
}

// observed is State.Private: everything Plan decides from. Never
// serialised; it holds no secret.
type observed struct {
	// ours is the certificate taken as this server's web certificate; nil
	// when there is none.
	ours *stored
	// byThumbprint holds every parseable certificate of the store.
	byThumbprint map[string]*stored
	// shadowed lists the other candidates, newest first.
	shadowed []*stored

	// pfx source: the PFX's bytes and its leaf.
	pfx     []byte
	pfxLeaf *x509.Certificate

	// csr source: pending requests naming the FQDN, sorted by id; the CSR
	// file's bytes (nil when absent); the signed certificate file's
	// certificates (nil when not given or absent).
	pending []winops.PendingRequest
	csrFile []byte
	signed  []*x509.Certificate
}

// Read lists LocalMachine\My and picks our certificate: the PFX's leaf (pfx)
// or the signed certificate (csr) when the store holds it, else the newest
// (latest NotAfter) with the friendly name, else the newest naming the
// FQDN. For pfx it reads and decodes the PFX; for csr the pending requests,
// the CSR file and the signed certificate. It never reads the issuer server.
func (r *Resource) Read(ctx context.Context) (resources.State, error) {
	if err := r.checkConfig(); err != nil {
		return resources.State{}, err
	}
	list, err := r.c.Ops.Certificates(ctx)
	if err != nil {
		return resources.State{}, fmt.Errorf(`listing LocalMachine\My: %w`, err)
	}
	obs := &observed{byThumbprint: make(map[string]*stored, len(list))}
	var warnings []string
	for _, c := range list {
		x, err := x509.ParseCertificate(c.DER)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf(`LocalMachine\My holds a certificate that does not parse (thumbprint %s); it is ignored`, c.Thumbprint))
			continue
		}
		c.Thumbprint = strings.ToUpper(c.Thumbprint)
		obs.byThumbprint[c.Thumbprint] = &stored{Cert: c, x509: x, info: certgen.InfoOf(x)}
	}

	var prefer string // a thumbprint that wins when present
	switch {
	case r.isCopy():
	case r.c.Inst.Source == spec.CertSourcePFX:
		if err := r.readPFX(obs); err != nil {
			return resources.State{}, err
		}
		prefer = certgen.Thumbprint(obs.pfxLeaf.Raw)
	case r.c.Inst.Source == spec.CertSourceCSR:
		w, err := r.readCSR(ctx, obs)
		if err != nil {
			return resources.State{}, err
		}
		warnings = append(warnings, w...)
		for _, s := range obs.signed {
			if _, ok := obs.byThumbprint[certgen.Thumbprint(s.Raw)]; ok {
				prefer = certgen.Thumbprint(s.Raw)
				break
			}
		}
	}
	r.choose(obs, prefer)
	if n := len(obs.shadowed); n > 0 && obs.ours != nil {
		tps := make([]string, n)
		for i, s := range obs.shadowed {
			tps[i] = s.Thumbprint
		}
		warnings = append(warnings, fmt.Sprintf(`%d other %s for %s %s in LocalMachine\My (%s); ecereconcile never deletes certificates`,
			n, plural(n, "certificate", "certificates"), r.c.Inst.FQDN, plural(n, "stays", "stay"), strings.Join(tps, ", ")))
	}
	st := r.stateOf(obs)
	st.Warnings = append(warnings, st.Warnings...)
	return st, nil
}

// choose sets obs.ours and obs.shadowed.
func (r *Resource) choose(obs *observed, prefer string) {
	var named, naming []*stored
	for _, s := range obs.byThumbprint {
		switch {
		case s.FriendlyName == r.c.Inst.FriendlyName:
			named = append(named, s)
		case CheckNames(r.c.Inst.FQDN, s.info.CommonName, s.info.DNSNames) == nil:
			naming = append(naming, s)
		}
	}
	newest := func(a, b *stored) int {
		return cmp.Or(b.info.NotAfter.Compare(a.info.NotAfter), cmp.Compare(a.Thumbprint, b.Thumbprint))
	}
	slices.SortFunc(named, newest)
	slices.SortFunc(naming, newest)
	cands := named
	if len(cands) == 0 {
		cands = naming
	}
	if p, ok := obs.byThumbprint[prefer]; ok {
		cands = append([]*stored{p}, slices.DeleteFunc(cands, func(s *stored) bool { return s == p })...)
	}
	if len(cands) > 0 {
		obs.ours, obs.shadowed = cands[0], cands[1:]
	}
}

// stateOf renders what Read observed.
func (r *Resource) stateOf(obs *observed) resources.State {
	st := resources.State{Exists: obs.ours != nil, Attrs: r.baseAttrs(), Private: obs}
	if obs.ours != nil {
		maps.Copy(st.Attrs, certAttrs(obs.ours.info, obs.ours.DER))
		st.Attrs[AttrHasPrivateKey] = resources.V(strconv.FormatBool(obs.ours.HasPrivateKey))
		st.Attrs[AttrFriendlyName] = resources.V(obs.ours.FriendlyName)
	}
	if len(obs.pending) > 0 {
		st.Attrs[AttrPendingReq] = resources.V(obs.pending[0].ID)
	}
	st.Fingerprint = r.fingerprint(obs)
	return st
}

// baseAttrs are the attributes every state has.
func (r *Resource) baseAttrs() resources.Attrs {
	a := resources.Attrs{AttrSource: resources.V(r.c.Inst.Source)}
	if r.isCopy() {
		a[AttrCopiedFrom] = resources.V(r.c.Inst.Issuer.String())
	}
	if r.c.Inst.Source == spec.CertSourceCSR && !r.isCopy() {
		a[AttrCSRFile] = resources.V(r.csrPath())
	}
	return a
}

// certAttrs are the attributes that describe one certificate.
func certAttrs(info certgen.Info, der []byte) resources.Attrs {
	return resources.Attrs{
		AttrThumbprint:   resources.V(info.Thumbprint),
		AttrSHA256:       resources.V(info.SHA256),
		AttrSubject:      resources.V(info.Subject),
		AttrDNSNames:     resources.V(joinNames(info.DNSNames)),
		AttrKeyAlgorithm: resources.V(info.KeyAlgorithm),
		AttrKeySize:      resources.V(strconv.Itoa(info.KeySize)),
		AttrNotAfter:     resources.V(info.NotAfter.UTC().Format(time.RFC3339)),
		AttrDER:          {S: base64.StdEncoding.EncodeToString(der), Internal: true},
	}
}

// fingerprint covers the relevant part of the store listing (our
// certificate and the other candidates: thumbprint, private key, friendly
// name) and what the source files hold, so that a re-issue, an import, a
// new PFX or a new signed certificate between plan and apply makes a saved
// plan stale.
func (r *Resource) fingerprint(obs *observed) string {
	h := sha256.New()
	line := func(f string, a ...any) { fmt.Fprintf(h, f+"\n", a...) }
	for _, s := range append([]*stored{obs.ours}, obs.shadowed...) {
		if s != nil {
			line("cert %s key=%t name=%q", s.Thumbprint, s.HasPrivateKey, s.FriendlyName)
		}
	}
	if obs.pfxLeaf != nil {
		line("pfx %s", certgen.SHA256(obs.pfx))
	}
	for _, p := range obs.pending {
		line("pending %s %s", p.ID, p.PublicKeySHA256)
	}
	if obs.csrFile != nil {
		line("csr %s", certgen.SHA256(obs.csrFile))
	}
	for _, s := range obs.signed {
		line("signed %s", certgen.Thumbprint(s.Raw))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
