package certificate

import (
	"crypto/x509"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// step is what Apply does.
type step int

const (
	stepSelfSign   step = iota + 1 // make a self-signed certificate and import it
	stepImportPFX                  // import the given PFX
	stepCopy                       // export the issuer's certificate and import it here
	stepNewRequest                 // make a key pair and a request on the server, write the CSR
	stepWriteCSR                   // write the pending request's CSR again
	stepComplete                   // complete a pending request with the signed certificate
)

// String names the step for errors.
func (s step) String() string {
	switch s {
	case stepSelfSign:
		return "self-sign"
	case stepImportPFX:
		return "import pfx"
	case stepCopy:
		return "copy from issuer"
	case stepNewRequest:
		return "new request"
	case stepWriteCSR:
		return "write csr"
	case stepComplete:
		return "complete request"
	}
	return "step(" + strconv.Itoa(int(s)) + ")"
}

// planned is Change.Private: what Apply does. Reasons are not consulted.
type planned struct {
	step step
	// thumbprint the store holds after the step, when known: the PFX's
	// leaf, the issuer's certificate, the signed certificate.
	thumbprint string
	pfx        []byte            // stepImportPFX
	signed     *x509.Certificate // stepComplete
	csr        []byte            // stepWriteCSR
}

// Plan decides from what Read observed, Upstream (the issuer's
// certificate, for a shared copy) and PlanInput.Now. It does no I/O.
//
//	source        current                               decision
//	self-signed   none                                  Create (CertificateMissing)
//	              fails a check, names differ           Update: re-issue
//	pfx           PFX's leaf fails names, key, expiry   error (ExpiresSoon only reported)
//	              none / another / leaf without key     Create / Update: import
//	copy          issuer's thumbprint unknown           Create / Update, thumbprint unknown
//	              issuer has no certificate             NoOp (IssuerNotReady)
//	              another certificate / no key          Create / Update: copy
//	csr           signed certificate for a request      Create / Update: complete it
//	              signed certificate for nothing        error (SignedCertificateMismatch)
//	              certificate needed, request pending   NoOp (AwaitingSignedCertificate), or
//	                                                    Update when its CSR file is missing
//	              certificate needed, no request        Create / Update (RequestNeeded)
//
// A certificate is "needed" when there is none or ours fails a check:
// private key, FQDN in the names, key size, expiry.
func (r *Resource) Plan(in resources.PlanInput) (resources.Change, error) {
	if err := r.checkConfig(); err != nil {
		return resources.Change{}, err
	}
	obs, ok := in.Current.Private.(*observed)
	if !ok || obs == nil {
		return resources.Change{}, errors.New(`LocalMachine\My was not read`)
	}
	switch {
	case r.isCopy():
		return r.planCopy(in, obs)
	case r.c.Inst.Source == spec.CertSourcePFX:
		return r.planPFX(in, obs)
	case r.c.Inst.Source == spec.CertSourceCSR:
		return r.planCSR(in, obs)
	}
	return r.planSelfSigned(in, obs)
}

func (r *Resource) planSelfSigned(in resources.PlanInput, obs *observed) (resources.Change, error) {
	p := &planned{step: stepSelfSign}
	if obs.ours == nil {
		return r.change(in.Current, r.madeAfter(), p, resources.Reason{Code: CertificateMissing, Message: fmt.Sprintf(
			`LocalMachine\My holds no certificate for %s; a self-signed one is made`, r.c.Inst.FQDN)})
	}
	reasons := health(obs.ours, r.c.Inst.FQDN, r.minKeySize(), in.Now, r.c.Inst.RenewBefore.D())
	if rs, bad := checkNamesWanted(obs.ours.info, r.request()); bad {
		reasons = append(reasons, rs)
	}
	if len(reasons) == 0 {
		return r.noop(in.Current)
	}
	return r.change(in.Current, r.madeAfter(), p, reasons...)
}

func (r *Resource) planPFX(in resources.PlanInput, obs *observed) (resources.Change, error) {
	file := r.c.Inst.PFX.File
	leaf := certgen.InfoOf(obs.pfxLeaf)
	if rs, bad := checkNames(r.c.Inst.FQDN, leaf); bad {
		return r.fail(in.Current, rs.Code, "the PFX %s: %s", file, rs.Message)
	}
	if rs, bad := checkKeySize(leaf, certgen.MinKeySize); bad {
		return r.fail(in.Current, rs.Code, "the PFX %s: %s", file, rs.Message)
	}
	var notes []resources.Reason
	if rs, bad := checkExpiry(leaf, in.Now, r.c.Inst.RenewBefore.D()); bad {
		if rs.Code == Expired {
			return r.fail(in.Current, rs.Code, "the PFX %s: its certificate %s; give a new one", file, rs.Message)
		}
		rs.Message = "the PFX's certificate " + rs.Message + "; give a new PFX before then"
		notes = append(notes, rs)
	}
	p := &planned{step: stepImportPFX, thumbprint: leaf.Thumbprint, pfx: obs.pfx}
	after := r.certAfter(leaf, obs.pfxLeaf.Raw)
	var why resources.Reason
	switch ours := obs.ours; {
	case ours == nil:
		why = resources.Reason{Code: CertificateMissing, Message: fmt.Sprintf(
			`LocalMachine\My holds no certificate for %s; the PFX %s is imported`, r.c.Inst.FQDN, file)}
	case ours.Thumbprint != leaf.Thumbprint:
		why = resources.Reason{Code: DiffersFromPFX, Message: fmt.Sprintf(
			"the store's certificate %s is not the PFX's %s; the PFX is imported", ours.Thumbprint, leaf.Thumbprint)}
	case !ours.HasPrivateKey:
		why, _ = checkPrivateKey(ours)
	default:
		return r.noop(in.Current, notes...)
	}
	return r.change(in.Current, after, p, append([]resources.Reason{why}, notes...)...)
}

func (r *Resource) planCopy(in resources.PlanInput, obs *observed) (resources.Change, error) {
	issuer := r.c.Inst.Issuer
	up, ok := in.Upstream[issuer]
	if !ok {
		return resources.Change{}, fmt.Errorf("the issuer %s is not a dependency", issuer)
	}
	tp, ok := up.After[AttrThumbprint]
	if !ok {
		return r.noop(in.Current, resources.Reason{Code: IssuerNotReady, Message: fmt.Sprintf(
			"%s has no certificate yet; this copy follows once it has", issuer)})
	}
	if tp.Unknown {
		after := r.baseAttrs()
		for _, k := range []string{AttrThumbprint, AttrSHA256, AttrSubject, AttrDNSNames, AttrKeyAlgorithm, AttrKeySize, AttrNotAfter} {
			after[k] = resources.UnknownValue()
		}
		after[AttrDER] = resources.Value{Unknown: true, Internal: true}
		r.ownAttrs(after)
		return r.change(in.Current, after, &planned{step: stepCopy}, resources.Reason{Code: DiffersFromIssuer, Message: fmt.Sprintf(
			"the certificate %s makes in this run is copied here", issuer)})
	}
	want := tp.S
	p := &planned{step: stepCopy, thumbprint: want}
	after := r.baseAttrs()
	for _, k := range []string{AttrThumbprint, AttrSHA256, AttrSubject, AttrDNSNames, AttrKeyAlgorithm, AttrKeySize, AttrNotAfter, AttrDER} {
		if v, ok := up.After[k]; ok {
			after[k] = v
		}
	}
	r.ownAttrs(after)
	ours := obs.ours
	switch {
	case ours != nil && ours.Thumbprint == want:
		if rs, bad := checkPrivateKey(ours); bad {
			return r.change(in.Current, after, p, rs)
		}
		return r.noop(in.Current)
	case obs.byThumbprint[want] != nil && ours != nil:
		return r.fail(in.Current, AmbiguousCertificate,
			`the certificate of %s (%s) is in LocalMachine\My, but %s, also named %q and expiring later, would be taken for it; rename or remove one by hand (ecereconcile never deletes certificates)`,
			issuer, want, ours.Thumbprint, ours.FriendlyName)
	case ours == nil:
		return r.change(in.Current, after, p, resources.Reason{Code: CertificateMissing, Message: fmt.Sprintf(
			`LocalMachine\My holds no certificate for %s; the certificate of %s (%s) is copied here`, r.c.Inst.FQDN, issuer, want)})
	}
	return r.change(in.Current, after, p, resources.Reason{Code: DiffersFromIssuer, Message: fmt.Sprintf(
		"the store's certificate %s is not the one of %s (%s); that one is copied here", ours.Thumbprint, issuer, want)})
}

func (r *Resource) planCSR(in resources.PlanInput, obs *observed) (resources.Change, error) {
	sp := r.c.Inst.SignedCertificate
	if m := signedFor(obs); m != nil {
		info := certgen.InfoOf(m.cert)
		if rs, bad := checkNames(r.c.Inst.FQDN, info); bad {
			return r.fail(in.Current, rs.Code, "the signed certificate %s: %s", sp, rs.Message)
		}
		if rs, bad := checkExpiry(info, in.Now, 0); bad {
			return r.fail(in.Current, rs.Code, "the signed certificate %s %s", sp, rs.Message)
		}
		after := r.certAfter(info, m.cert.Raw)
		if rest := slices.DeleteFunc(slices.Clone(obs.pending), func(p winops.PendingRequest) bool { return p.ID == m.request.ID }); len(rest) > 0 {
			after[AttrPendingReq] = resources.V(rest[0].ID)
		}
		return r.change(in.Current, after, &planned{step: stepComplete, thumbprint: info.Thumbprint, signed: m.cert},
			resources.Reason{Code: SignedCertificateReady, Message: fmt.Sprintf(
				"%s (%s, %s) answers request %s; the request is completed with it", sp, info.Subject, info.Thumbprint, m.request.ID)})
	}
	if len(obs.signed) > 0 && !installed(obs) {
		c := obs.signed[0]
		return r.fail(in.Current, SignedCertificateMismatch,
			"the signed certificate %s (%s, %s) answers no request pending on %s and is not installed; was it signed for another server or an older request?",
			sp, c.Subject, certgen.Thumbprint(c.Raw), r.c.Addr.Host)
	}

	var reasons []resources.Reason
	if obs.ours != nil {
		reasons = health(obs.ours, r.c.Inst.FQDN, r.minKeySize(), in.Now, r.c.Inst.RenewBefore.D())
		if len(reasons) == 0 {
			return r.noop(in.Current)
		}
	}
	path := r.csrPath()
	if len(obs.pending) > 0 {
		if !csrFileCurrent(obs) {
			p := obs.pending[0]
			return r.change(in.Current, in.Current.Attrs.Clone(), &planned{step: stepWriteCSR, csr: p.CSR}, append(reasons, resources.Reason{
				Code: CSRFileMissing, Message: fmt.Sprintf("request %s is pending on %s but %s does not hold it; it is written again", p.ID, r.c.Addr.Host, path)})...)
		}
		return r.noop(in.Current, append(reasons, resources.Reason{Code: AwaitingSignedCertificate, Message: fmt.Sprintf(
			"request %s waits for the CA: send %s to it, then set csr.signedCertificate", obs.pending[0].ID, path)})...)
	}
	after := in.Current.Attrs.Clone()
	after[AttrPendingReq] = resources.UnknownValue()
	return r.change(in.Current, after, &planned{step: stepNewRequest}, append(reasons, resources.Reason{Code: RequestNeeded, Message: fmt.Sprintf(
		"no request is pending; a key pair and a request for %s are made on %s and the CSR is written to %s", r.c.Inst.FQDN, r.c.Addr.Host, path)})...)
}

// installed reports whether a certificate of the signed file is in the
// store.
func installed(obs *observed) bool {
	for _, c := range obs.signed {
		if obs.byThumbprint[certgen.Thumbprint(c.Raw)] != nil {
			return true
		}
	}
	return false
}

// csrFileCurrent reports whether the CSR file holds a pending request.
func csrFileCurrent(obs *observed) bool {
	for _, p := range obs.pending {
		if obs.csrFile != nil && string(obs.csrFile) == string(p.CSR) {
			return true
		}
	}
	return false
}

// madeAfter is the state after making a self-signed certificate: what the
// request fixes is known, the rest is known after apply.
func (r *Resource) madeAfter() resources.Attrs {
	req := r.request()
	after := r.baseAttrs()
	after[AttrSubject] = resources.V(req.Subject().String())
	after[AttrDNSNames] = resources.V(joinNames(req.DNSNames))
	after[AttrKeyAlgorithm] = resources.V("RSA")
	after[AttrKeySize] = resources.V(strconv.Itoa(req.KeySize))
	for _, k := range []string{AttrThumbprint, AttrSHA256, AttrNotAfter} {
		after[k] = resources.UnknownValue()
	}
	after[AttrDER] = resources.Value{Unknown: true, Internal: true}
	r.ownAttrs(after)
	return after
}

// certAfter is the state after installing a known certificate.
func (r *Resource) certAfter(info certgen.Info, der []byte) resources.Attrs {
	after := r.baseAttrs()
	maps.Copy(after, certAttrs(info, der))
	r.ownAttrs(after)
	return after
}

// ownAttrs sets what every certificate ecereconcile installs has.
func (r *Resource) ownAttrs(a resources.Attrs) {
	a[AttrHasPrivateKey] = resources.V("true")
	a[AttrFriendlyName] = resources.V(r.c.Inst.FriendlyName)
}

// change returns a Create when the store holds no certificate of ours, an
// Update otherwise.
func (r *Resource) change(cur resources.State, after resources.Attrs, p *planned, reasons ...resources.Reason) (resources.Change, error) {
	ch := resources.Change{Addr: r.c.Addr, Action: resources.Update, Before: cur.Attrs, After: after, Reasons: reasons, Private: p}
	if !cur.Exists {
		ch.Action, ch.Before = resources.Create, nil
	}
	return ch, nil
}

// noop returns the NoOp change, with reasons worth showing.
func (r *Resource) noop(cur resources.State, reasons ...resources.Reason) (resources.Change, error) {
	ch := resources.NoChange(r.c.Addr, cur)
	ch.Reasons = reasons
	return ch, nil
}

// fail returns a plan error with its reason code.
func (r *Resource) fail(cur resources.State, code, format string, a ...any) (resources.Change, error) {
	msg := fmt.Sprintf(format, a...)
	ch := resources.NoChange(r.c.Addr, cur)
	ch.Reasons = []resources.Reason{{Code: code, Message: msg}}
	return ch, errors.New(msg)
}
