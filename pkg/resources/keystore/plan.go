package keystore

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// planned is Change.Private: what Apply does. Reasons are not consulted.
type planned struct {
	// create: the file is absent and is created; Apply refuses if it
	// appeared in the meantime.
	create bool
	// fingerprint of the bytes the plan was made from (not for create);
	// Apply refuses if the file no longer has it.
	fingerprint string
	// edits are the entries to set, in spec order.
	edits []edit
}

// edit sets one trusted-certificate entry.
type edit struct {
	alias string
	cert  *x509.Certificate
}

// Plan compares the managed entries with what Read found. It is pure.
//
//	current                                   decision
//	file absent, create                       Create with every entry (StoreMissing)
//	file absent, no create                    error
//	alias holds the certificate               nothing
//	alias holds a private key entry           error: never replaced
//	alias holds another certificate           replace (AliasHoldsOtherCertificate)
//	alias absent, certificate under alias y   nothing, warning (PresentUnderOtherAlias)
//	alias absent, certificate absent          add (EntryMissing)
//
// An entry from upstream whose certificate is not known yet (being made in
// this run) plans an Update of that alias to "known after apply"
// (CertificateKnownAfterApply); at apply time it is known.
func (r *Resource) Plan(in resources.PlanInput) (resources.Change, error) {
	path := r.c.Store.Path
	entries, unknown, err := r.entries(in.Upstream)
	if err != nil {
		return resources.Change{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := r.checkEntries(entries, in.Now); err != nil {
		return resources.Change{}, err
	}
	cur := in.Current
	if !cur.Exists {
		return r.planCreate(cur, entries, unknown)
	}
	rs, ok := cur.Private.(*readState)
	if !ok || rs == nil {
		return resources.Change{}, fmt.Errorf("%s: the keystore's contents were not read", path)
	}
	p := &planned{fingerprint: rs.fingerprint}
	after := cur.Attrs.Clone()
	var reasons []resources.Reason
	// wanted is the fingerprint each managed alias will hold: a certificate
	// under a managed alias that is about to be replaced satisfies nothing.
	wanted := make(map[string]string, len(entries))
	for _, e := range entries {
		wanted[normalizeAlias(e.Alias)] = javaks.SHA256Fingerprint(e.Cert)
	}
	for _, e := range entries {
		alias := normalizeAlias(e.Alias)
		fp := javaks.SHA256Fingerprint(e.Cert)
		got, present := rs.store.Lookup(alias)
		switch {
		case present && got.PrivateKey:
			return resources.Change{}, fmt.Errorf("%s: alias %q holds a private key entry; refusing to replace it with a trusted certificate", path, alias)
		case present && got.SHA256 == fp:
			continue
		case present:
			reasons = append(reasons, resources.Reason{Code: AliasHoldsOtherCertificate, Message: fmt.Sprintf(
				"alias %q holds another certificate (SHA256 %s); it will be replaced by %s (SHA256 %s)", alias, got.SHA256, describeCert(e), fp)})
		default:
			if others := keptUnder(rs.store.FindBySHA256(fp), fp, wanted); len(others) > 0 {
				reasons = append(reasons, resources.Reason{Code: PresentUnderOtherAlias, Message: fmt.Sprintf(
					"alias %q is absent, but its certificate %s is already trusted under alias %s; nothing to add",
					alias, describeCert(e), quoteAll(others))})
				continue
			}
			reasons = append(reasons, resources.Reason{Code: EntryMissing, Message: fmt.Sprintf(
				"alias %q is missing; certificate %s will be added", alias, describeCert(e))})
		}
		p.edits = append(p.edits, edit{alias: alias, cert: e.Cert})
		after[entryAttr(alias)] = resources.V("SHA256 " + fp)
	}
	for _, u := range unknown {
		reasons = append(reasons, u.reason())
		after[entryAttr(u.alias)] = resources.UnknownValue()
	}
	if len(p.edits) == 0 && len(unknown) == 0 {
		ch := resources.NoChange(r.c.Addr, cur)
		ch.Reasons = reasons
		ch.Private = p
		return ch, nil
	}
	return resources.Change{
		Addr:    r.c.Addr,
		Action:  resources.Update,
		Before:  cur.Attrs,
		After:   after,
		Reasons: reasons,
		Private: p,
	}, nil
}

// planCreate plans a new keystore holding every managed entry.
func (r *Resource) planCreate(cur resources.State, entries []spec.TrustEntry, unknown []pending) (resources.Change, error) {
	path := r.c.Store.Path
	if !r.c.Store.Create {
		return resources.Change{}, fmt.Errorf("%s: keystore does not exist and create is false", path)
	}
	typ, err := r.storeType()
	if err != nil {
		return resources.Change{}, err
	}
	after := r.baseAttrs(typ)
	p := &planned{create: true}
	for _, e := range entries {
		alias := normalizeAlias(e.Alias)
		p.edits = append(p.edits, edit{alias: alias, cert: e.Cert})
		after[entryAttr(alias)] = resources.V("SHA256 " + javaks.SHA256Fingerprint(e.Cert))
	}
	reasons := []resources.Reason{{Code: StoreMissing, Message: fmt.Sprintf(
		"%s does not exist; it will be created as %s with %d %s", path, typ, len(p.edits)+len(unknown), plural(len(p.edits)+len(unknown), "entry", "entries"))}}
	for _, u := range unknown {
		reasons = append(reasons, u.reason())
		after[entryAttr(u.alias)] = resources.UnknownValue()
	}
	after[attrUnmanaged] = resources.V("0")
	return resources.Change{
		Addr:    r.c.Addr,
		Action:  resources.Create,
		Before:  nil,
		After:   after,
		Reasons: reasons,
		Private: p,
	}, nil
}

// checkEntries refuses entries Plan cannot decide on: an unloaded
// certificate, an alias managed twice.
//
// A certificate from a file of the spec that has expired is refused: a
// truststore entry past its NotAfter fails every TLS handshake it is meant
// to make work. (Certificates from upstream are renewed by their kind.)
func (r *Resource) checkEntries(entries []spec.TrustEntry, now time.Time) error {
	var errs []error
	seen := map[string]bool{}
	for _, e := range entries {
		alias := normalizeAlias(e.Alias)
		switch {
		case alias == "":
			errs = append(errs, errors.New("an entry has no alias"))
		case seen[alias]:
			errs = append(errs, fmt.Errorf("alias %q is managed twice", alias))
		case e.Cert == nil:
			errs = append(errs, fmt.Errorf("entry %q: certificate %s was not loaded", alias, e.Certificate))
		case e.Certificate != "" && !now.IsZero() && now.After(e.Cert.NotAfter):
			errs = append(errs, fmt.Errorf("entry %q: certificate %s expired on %s; an expired entry fails every TLS handshake it is for: renew it and point the spec at the new file",
				alias, describeCert(e), e.Cert.NotAfter.UTC().Format("2006-01-02")))
		}
		seen[alias] = true
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %w", r.c.Store.Path, errors.Join(errs...))
	}
	return nil
}

// describeCert names an entry's certificate for people: its subject and
// file ("CN=ece.example.com from certs/ece.cer").
func describeCert(e spec.TrustEntry) string {
	s := e.Cert.Subject.String()
	if e.Certificate != "" {
		s += " from " + e.Certificate
	}
	return s
}

// keptUnder filters the aliases holding fp down to those that still will
// after the apply: unmanaged ones, and managed ones that want fp.
func keptUnder(aliases []string, fp string, wanted map[string]string) []string {
	var out []string
	for _, a := range aliases {
		if w, managed := wanted[a]; !managed || w == fp {
			out = append(out, a)
		}
	}
	return out
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
