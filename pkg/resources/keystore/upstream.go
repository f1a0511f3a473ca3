package keystore

import (
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"slices"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// AttrDER is the attribute of an upstream resource's state that holds the
// certificate to trust, base64 DER (the certificate kind sets it, Internal).
const AttrDER = "der"

// pending is an upstream entry whose certificate is known only after apply.
type pending struct {
	alias string
	from  resources.Addr
}

func (u pending) reason() resources.Reason {
	return resources.Reason{Code: CertificateKnownAfterApply, Message: fmt.Sprintf(
		"alias %q will trust the certificate %s makes in this run", u.alias, u.from)}
}

// entries returns the managed entries: the configured ones, then one per
// FromUpstream whose certificate upstream already knows; the others are
// returned as pending. Pure.
func (r *Resource) entries(upstream map[resources.Addr]resources.Change) ([]spec.TrustEntry, []pending, error) {
	if len(r.c.FromUpstream) == 0 {
		return r.c.Entries, nil, nil
	}
	out := slices.Clone(r.c.Entries)
	var unknown []pending
	for _, f := range r.c.FromUpstream {
		ch, ok := upstream[f.Certificate]
		if !ok {
			return nil, nil, fmt.Errorf("entry %q: %s is not a dependency", f.Alias, f.Certificate)
		}
		v, ok := ch.After[AttrDER]
		switch {
		case !ok && ch.Action == resources.NoOp:
			return nil, nil, fmt.Errorf("entry %q: %s has no certificate", f.Alias, f.Certificate)
		case !ok || v.Unknown:
			unknown = append(unknown, pending{alias: normalizeAlias(f.Alias), from: f.Certificate})
			continue
		}
		der, err := base64.StdEncoding.DecodeString(v.S)
		if err != nil {
			return nil, nil, fmt.Errorf("entry %q: the certificate of %s is not base64: %w", f.Alias, f.Certificate, err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, nil, fmt.Errorf("entry %q: the certificate of %s: %w", f.Alias, f.Certificate, err)
		}
		out = append(out, spec.TrustEntry{Alias: f.Alias, Certificate: f.Certificate.String(), Cert: c})
	}
	return out, unknown, nil
}
