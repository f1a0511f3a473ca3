package iisbinding

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// planned is Change.Private: what Apply does. Reasons are not consulted.
type planned struct {
	// old is the binding edited in place; nil adds binding.
	old     *winops.Binding
	binding *winops.Binding // nil: the site binding stays
	ssl     *winops.SSLBinding
}

// Plan compares our binding and http.sys with what step 1.2 wants. It is
// pure; the certificate's thumbprint comes from Upstream.
//
//	current                                   decision
//	site missing                              error (SiteMissing)
//	other https bindings on the port          error (OtherHTTPSBindings)
//	certificate resource has no certificate   NoOp (CertificateNotReady)
//	no binding                                Create: add *:<port>: (BindingMissing)
//	IP, host name or SNI bit wrong            Update in place (IPNotAll, HostNameSet, SNIEnabled)
//	http.sys 0.0.0.0:<port> missing/differs  set it (SSLCertMissing, CertificateDiffers,
//	                                          AppIDDiffers, StoreDiffers)
func (r *Resource) Plan(in resources.PlanInput) (resources.Change, error) {
	cur := in.Current
	obs, ok := cur.Private.(*observed)
	if !ok || obs == nil {
		return resources.Change{}, errors.New("the site's bindings were not read")
	}
	if obs.siteMissing {
		return r.fail(cur, SiteMissing, "IIS site %q does not exist on %s; ecereconcile does not create IIS sites", r.c.Site, r.c.Addr.Host)
	}
	if len(obs.others) > 0 {
		return r.failFixByHand(cur, OtherHTTPSBindings,
			"site %q has other https bindings on port %d (%s) besides %s; remove them by hand: ecereconcile never deletes bindings, and either breaks SPOG (tech note step 1.2)",
			r.c.Site, r.c.Port, infoList(obs.others), oursOrNone(obs))
	}
	up, ok := in.Upstream[r.c.Certificate]
	if !ok {
		return resources.Change{}, fmt.Errorf("the certificate %s is not a dependency", r.c.Certificate)
	}
	tp, ok := up.After[AttrThumbprint]
	if !ok {
		ch := resources.NoChange(r.c.Addr, cur)
		ch.Reasons = []resources.Reason{{Code: CertificateNotReady, Message: fmt.Sprintf(
			"%s has no certificate yet; the binding follows once it has", r.c.Certificate)}}
		return ch, nil
	}

	var reasons []resources.Reason
	add := func(code, format string, a ...any) {
		reasons = append(reasons, resources.Reason{Code: code, Message: fmt.Sprintf(format, a...)})
	}
	p := &planned{}
	want := winops.Binding{Protocol: "https", Information: wantedInfo(r.c.Port)}
	if b := obs.ours; b == nil {
		add(BindingMissing, "site %q has no https binding on port %d; %s is added (All Unassigned, no host name, SNI off)", r.c.Site, r.c.Port, want.Information)
		p.binding = &want
	} else {
		if obs.oursInfo.IP != "*" {
			add(IPNotAll, "the binding is on IP %s; it must be All Unassigned (*)", obs.oursInfo.IP)
		}
		if obs.oursInfo.Host != "" {
			add(HostNameSet, "the binding has host name %q; SPOG fails unless it is empty", obs.oursInfo.Host)
		}
		if b.SSLFlags&winops.SSLFlagSNI != 0 {
			add(SNIEnabled, "Require Server Name Indication is on (sslFlags %d); SPOG fails unless it is off; sslFlags becomes %d", b.SSLFlags, b.SSLFlags&^winops.SSLFlagSNI)
		}
		if len(reasons) > 0 {
			old := *b
			want.SSLFlags = b.SSLFlags &^ winops.SSLFlagSNI
			p.old, p.binding = &old, &want
		}
	}

	endpoint := allEndpoint(r.c.Port)
	wantSSL := winops.SSLBinding{Endpoint: endpoint, CertHash: strings.ToUpper(tp.S), AppID: winops.IISAppID, CertStoreName: winops.StoreMy}
	if tp.Unknown {
		wantSSL.CertHash = ""
	}
	sslReasons := len(reasons)
	switch s := obs.ssl; {
	case s == nil:
		add(SSLCertMissing, "http.sys has no SSL binding for %s; it is added with %s", endpoint, hashOrLater(tp))
	default:
		if tp.Unknown || !strings.EqualFold(s.CertHash, tp.S) {
			add(CertificateDiffers, "http.sys binds certificate %s on %s; it becomes %s", s.CertHash, endpoint, hashOrLater(tp))
		}
		if !strings.EqualFold(s.AppID, winops.IISAppID) {
			add(AppIDDiffers, "the http.sys binding of %s belongs to application %s, not IIS's %s", endpoint, s.AppID, winops.IISAppID)
		}
		if !strings.EqualFold(s.CertStoreName, winops.StoreMy) {
			add(StoreDiffers, "the http.sys binding of %s looks in store %q, not %s", endpoint, s.CertStoreName, winops.StoreMy)
		}
	}
	if len(reasons) > sslReasons {
		p.ssl = &wantSSL
	}
	if len(reasons) == 0 {
		return resources.NoChange(r.c.Addr, cur), nil
	}

	after := resources.Attrs{
		AttrBinding:   resources.V(want.Information),
		AttrSSLFlags:  resources.V(strconv.Itoa(want.SSLFlags)),
		AttrSNI:       resources.V("off"),
		AttrHostName:  resources.V(""),
		AttrEndpoint:  resources.V(endpoint),
		AttrCertHash:  resources.V(wantSSL.CertHash),
		AttrAppID:     resources.V(winops.IISAppID),
		AttrCertStore: resources.V(winops.StoreMy),
	}
	if p.binding == nil {
		after[AttrSSLFlags] = cur.Attrs[AttrSSLFlags]
	}
	if tp.Unknown {
		after[AttrCertHash] = resources.UnknownValue()
	}
	ch := resources.Change{Addr: r.c.Addr, Action: resources.Update, Before: cur.Attrs, After: after, Reasons: reasons, Private: p}
	if !cur.Exists {
		ch.Action, ch.Before = resources.Create, nil
	}
	return ch, nil
}

// hashOrLater names the certificate to bind.
func hashOrLater(tp resources.Value) string {
	if tp.Unknown {
		return "the certificate (known after apply)"
	}
	return "certificate " + strings.ToUpper(tp.S)
}

func oursOrNone(obs *observed) string {
	if obs.ours == nil {
		return "none"
	}
	return obs.ours.Information
}

// fail returns a plan error with its reason code.
// failFixByHand is fail for a difference a person must remove: drift
// reports it as drift (resources.ErrCannotConverge).
func (r *Resource) failFixByHand(cur resources.State, code, format string, a ...any) (resources.Change, error) {
	ch, err := r.fail(cur, code, format, a...)
	return ch, fmt.Errorf("%w (%w)", err, resources.ErrCannotConverge)
}

func (r *Resource) fail(cur resources.State, code, format string, a ...any) (resources.Change, error) {
	msg := fmt.Sprintf(format, a...)
	ch := resources.NoChange(r.c.Addr, cur)
	ch.Reasons = []resources.Reason{{Code: code, Message: msg}}
	return ch, errors.New(msg)
}
