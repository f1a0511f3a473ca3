package ece

import (
	"context"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// KindPartitionSSO is the partition SSO kind's name in addresses and specs.
const KindPartitionSSO = "ece_partition_sso"

// Console labels of the Partition Administrator Configuration (tech note
// step 2.2); they are the eceadmin.Settings keys.
const (
	LabelLDAPURL      = "LDAP URL"
	LabelDNAttribute  = "DN attribute"
	LabelBase         = "Base"
	LabelSearchDN     = "DN for LDAP search"
	LabelSSOPassword  = "Password"
	LabelSSLEnabled   = "SSL enabled on LDAP"
	LabelKeystorePath = "Keystore location"
)

// Attribute names of the partition SSO kind.
const (
	AttrLDAPURL      = "ldap_url"
	AttrDNAttribute  = "dn_attribute"
	AttrBase         = "base"
	AttrSearchDN     = "search_dn"
	AttrPassword     = "password"
	AttrSSLEnabled   = "ssl_enabled"
	AttrKeystorePath = "keystore_location"
	AttrVerification = "verification"
)

// SSOSettings are the values of the Partition Administrator Configuration.
type SSOSettings struct {
	// URL of a Global Catalog: ldaps://gc.example.com:3269 (or ldap://...:3268).
	URL string
	// DNAttribute must be userPrincipalName.
	DNAttribute string
	// Base is empty with a Global Catalog.
	Base string
	// SearchDN is the distinguished name of the search account; empty only
	// when the domain allows anonymous binds.
	SearchDN string
	// Password of the search account; zero when none.
	Password spec.SecretRef
	// SSLEnabled is "SSL enabled on LDAP".
	SSLEnabled bool
	// KeystorePath is the Java keystore holding the AD certificate on every
	// application server (tech note step 2.1).
	KeystorePath string
}

// PartitionSSOConfig is everything the partition SSO resource needs.
type PartitionSSOConfig struct {
	Addr      resources.Addr
	DependsOn []resources.Addr
	Backend   eceadmin.Backend
	Settings  SSOSettings
	// Verify checks the desired settings against the directory for real
	// (TLS with the keystore's certificates, bind, search); run by Read.
	// nil: no verification.
	Verify func(ctx context.Context) VerifyResult
	// Analyze is the static analysis of the settings: error findings fail
	// the plan, warnings go to State.Warnings. nil: none.
	Analyze func(url, baseDN, dnAttribute string, sslEnabled bool) []Finding
	// LookupEnv resolves env: secrets; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
}

// PartitionSSO is the Partition Administrator SSO configuration of ECE. It
// implements resources.Resource and resources.Describer.
type PartitionSSO struct {
	c PartitionSSOConfig
}

var (
	_ resources.Resource  = (*PartitionSSO)(nil)
	_ resources.Describer = (*PartitionSSO)(nil)
)

// NewPartitionSSO returns the resource for c.
func NewPartitionSSO(c PartitionSSOConfig) *PartitionSSO { return &PartitionSSO{c: c} }

// Addr returns the resource's address.
func (r *PartitionSSO) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the resource's dependencies.
func (r *PartitionSSO) DependsOn() []resources.Addr { return r.c.DependsOn }

// Describe says what and through which backend.
func (r *PartitionSSO) Describe() string {
	return "ECE Partition Administrator SSO (" + r.c.Backend.Name() + " backend)"
}

// ssoRead is State.Private: what Plan decides from.
type ssoRead struct {
	obs eceadmin.Observed
	// passwordHash is the keyed hash of the desired password under the
	// backend's key ("" without a password); lab only.
	passwordHash string
	// valuesHash is the desired task's ValuesHash; manual only.
	valuesHash string
	// verify is the verification outcome; nil when not configured.
	verify *VerifyResult
}

// Read reads the section, computes the keyed hashes of the desired values
// and runs the verification.
func (r *PartitionSSO) Read(ctx context.Context) (resources.State, error) {
	b := r.c.Backend
	obs, err := b.Read(ctx, eceadmin.PartitionSSO)
	if err != nil {
		return resources.State{}, fmt.Errorf("partition SSO: reading the ECE settings (%s backend): %w", b.Name(), err)
	}
	rd := &ssoRead{obs: obs}
	task, err := r.task()
	if err != nil {
		return resources.State{}, err
	}
	if obs.Known {
		if pw := task.Secrets[LabelSSOPassword]; pw != "" {
			if rd.passwordHash, err = b.Hash(ctx, pw); err != nil {
				return resources.State{}, fmt.Errorf("partition SSO: %w", err)
			}
		}
	} else {
		sealed, err := eceadmin.Seal(ctx, b, task)
		if err != nil {
			return resources.State{}, fmt.Errorf("partition SSO: %w", err)
		}
		rd.valuesHash = sealed.ValuesHash
	}
	if r.c.Verify != nil {
		v := r.c.Verify(ctx)
		rd.verify = &v
	}
	return r.state(rd), nil
}

// state describes what was read.
func (r *PartitionSSO) state(rd *ssoRead) resources.State {
	attrs := resources.Attrs{AttrBackend: resources.V(r.c.Backend.Name())}
	extra := map[string]string{}
	var warnings []string
	var unverifiable string
	exists := false
	if rd.obs.Known {
		exists = !rd.obs.SavedAt.IsZero() || len(rd.obs.Settings) > 0
		for _, f := range r.fields() {
			v, ok := rd.obs.Settings[f.label]
			if !ok {
				continue
			}
			if f.secret {
				extra[f.attr] = v
				switch {
				case v == "":
				case v == rd.passwordHash:
					attrs[f.attr] = secretAttr(r.c.Settings.Password.Ref())
				default:
					attrs[f.attr] = secretAttr("(another password)")
				}
				continue
			}
			attrs[f.attr] = resources.V(v)
		}
	} else {
		a := rd.obs.Attestation("")
		exists = a != nil
		attrs[AttrAttestation] = attestationAttr(a)
		if a != nil {
			extra["attested values"] = a.ValuesHash
			warnings = append(warnings, unknownSince(a))
			unverifiable = unknownSince(a)
		}
	}
	if rd.verify != nil {
		attrs[AttrVerification] = resources.V(rd.verify.attr())
		extra[AttrVerification] = rd.verify.fingerprint()
	}
	for _, f := range r.findings(FindingWarning) {
		warnings = append(warnings, "LDAP settings: "+f.String())
	}
	return resources.State{
		Exists:       exists,
		Attrs:        attrs,
		Fingerprint:  fingerprint(exists, attrs, extra),
		Warnings:     warnings,
		Unverifiable: unverifiable,
		Private:      rd,
	}
}

// findings returns the static analysis's findings of one level.
func (r *PartitionSSO) findings(level FindingLevel) []Finding {
	if r.c.Analyze == nil {
		return nil
	}
	s := r.c.Settings
	var out []Finding
	for _, f := range r.c.Analyze(s.URL, s.Base, s.DNAttribute, s.SSLEnabled) {
		if f.Level == level {
			out = append(out, f)
		}
	}
	return out
}

// ssoField is one field of the section with its desired value.
type ssoField struct {
	label, attr, value string
	secret             bool
}

// fields lists the section's fields in console order; the password's
// value is its reference.
func (r *PartitionSSO) fields() []ssoField {
	s := r.c.Settings
	ssl := "No"
	if s.SSLEnabled {
		ssl = "Yes"
	}
	return []ssoField{
		{LabelLDAPURL, AttrLDAPURL, s.URL, false},
		{LabelDNAttribute, AttrDNAttribute, s.DNAttribute, false},
		{LabelBase, AttrBase, s.Base, false},
		{LabelSearchDN, AttrSearchDN, s.SearchDN, false},
		{LabelSSOPassword, AttrPassword, s.Password.Ref(), true},
		{LabelSSLEnabled, AttrSSLEnabled, ssl, false},
		{LabelKeystorePath, AttrKeystorePath, s.KeystorePath, false},
	}
}

// task is the operator task for the desired settings, with the password
// resolved into Secrets.
func (r *PartitionSSO) task() (eceadmin.Task, error) {
	t := eceadmin.Task{
		Section:     eceadmin.PartitionSSO,
		Title:       "Partition Administrator SSO (tech note step 2.2)",
		ConsolePath: eceadmin.PartitionSSO.ConsolePath(),
		Notes: []string{
			"Sign in to the business partition (partition 1, usually https://<ECE FQDN>/default) as pa and select Administration.",
			"Select Partition Administrator Configuration in the top right pane, enter the values in the bottom right pane, then save (floppy-disk icon).",
			"The keystore location must hold the Active Directory LDAPS certificate, at the same path on every application server (step 2.1).",
		},
	}
	for _, f := range r.fields() {
		t.Fields = append(t.Fields, eceadmin.Field{Label: f.label, Value: f.value, Secret: f.secret})
	}
	if ref := r.c.Settings.Password; !ref.IsZero() {
		pw, err := ref.Resolve(r.c.LookupEnv)
		if err != nil {
			return eceadmin.Task{}, fmt.Errorf("partition SSO: search account password: %w", err)
		}
		t.Secrets = eceadmin.SecretValues{LabelSSOPassword: string(pw)}
		clear(pw)
	}
	return t, nil
}

// ssoPlanned is Change.Private: Apply builds the task again, resolving the
// password, so no secret is kept in the change.
type ssoPlanned struct{}

// Apply enters the desired settings through the backend (the operator, or
// the lab store).
func (r *PartitionSSO) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	if ch.Action == resources.NoOp {
		return r.Read(ctx)
	}
	if _, ok := ch.Private.(*ssoPlanned); !ok {
		return resources.State{}, fmt.Errorf("partition SSO: change was not planned by this resource: plan again")
	}
	// Verify again now that upstream (the keystore of step 2.1) is applied:
	// settings that fail here would fail in ECE, so they are not saved.
	if r.c.Verify != nil {
		if v := r.c.Verify(ctx); !v.OK {
			return resources.State{}, fmt.Errorf("partition SSO: not saved: the LDAP verification of these settings %s; ECE would fail the same way", v.summary())
		}
	}
	b := r.c.Backend
	task, err := r.task()
	if err != nil {
		return resources.State{}, err
	}
	sealed, err := eceadmin.Seal(ctx, b, task)
	if err != nil {
		return resources.State{}, fmt.Errorf("partition SSO: %w", err)
	}
	obs, err := b.Apply(ctx, eceadmin.PartitionSSO, sealed)
	if err != nil {
		return resources.State{}, fmt.Errorf("partition SSO: %w", err)
	}
	rd := &ssoRead{obs: obs, valuesHash: sealed.ValuesHash}
	if pw := task.Secrets[LabelSSOPassword]; pw != "" && obs.Known {
		if rd.passwordHash, err = b.Hash(ctx, pw); err != nil {
			return resources.State{}, fmt.Errorf("partition SSO: %w", err)
		}
	}
	return r.state(rd), nil
}
