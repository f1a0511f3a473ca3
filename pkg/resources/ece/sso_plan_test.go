package ece

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

var ssoAddr = resources.Addr{Kind: KindPartitionSSO, Name: "pa_sso"}

func ssoSettings() SSOSettings {
	return SSOSettings{
		URL:          "ldaps://gc.example.com:3269",
		DNAttribute:  "userPrincipalName",
		SearchDN:     "CN=svc-ece,OU=Service,DC=example,DC=com",
		Password:     envRef("ECE_LDAP_PASSWORD"),
		SSLEnabled:   true,
		KeystorePath: `C:\ece\pcce\mydomain.jks`,
	}
}

// ssoStored are the lab values of ssoSettings, password hashed by the stub.
func ssoStored() eceadmin.Settings {
	return eceadmin.Settings{
		LabelLDAPURL:      "ldaps://gc.example.com:3269",
		LabelDNAttribute:  "userPrincipalName",
		LabelBase:         "",
		LabelSearchDN:     "CN=svc-ece,OU=Service,DC=example,DC=com",
		LabelSSOPassword:  eceadmin.HashSecret(stubKey, ldapPassword),
		LabelSSLEnabled:   "Yes",
		LabelKeystorePath: `C:\ece\pcce\mydomain.jks`,
	}
}

func verified() *VerifyResult {
	return &VerifyResult{OK: true, Steps: []string{"dial", "tls", "bind", "search"}, Duration: 12 * time.Millisecond}
}

func unverified() *VerifyResult {
	return &VerifyResult{Code: "TLSUnknownAuthority", Detail: "the keystore does not trust the directory's certificate",
		Steps: []string{"dial", "tls"}, Duration: 3 * time.Millisecond}
}

func TestPartitionSSOPlan(t *testing.T) {
	r0 := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: manualStub, Settings: ssoSettings(), LookupEnv: lookupEnv})
	task, err := r0.task()
	if err != nil {
		t.Fatal(err)
	}
	desiredHash := seal(t, task)
	attested := func(hash string) eceadmin.Observed {
		return eceadmin.Observed{Attested: []eceadmin.Attestation{{Section: eceadmin.PartitionSSO, Who: "alice", When: t0, ValuesHash: hash}}}
	}
	saved := func(edit func(eceadmin.Settings)) eceadmin.Observed {
		s := ssoStored()
		if edit != nil {
			edit(s)
		}
		return eceadmin.Observed{Known: true, Settings: s, SavedAt: t0}
	}
	pwHash := eceadmin.HashSecret(stubKey, ldapPassword)

	tests := map[string]struct {
		backend    stub
		edit       func(*SSOSettings)
		analyze    []Finding
		read       ssoRead
		wantAction resources.Action
		wantCodes  []string
		wantErr    string
		wantWarn   string
	}{
		"lab: never saved": {backend: labStub,
			read:       ssoRead{obs: eceadmin.Observed{Known: true, Settings: eceadmin.Settings{}}, passwordHash: pwHash},
			wantAction: resources.Create, wantCodes: []string{NotConfigured}},
		"lab: in sync": {backend: labStub,
			read:       ssoRead{obs: saved(nil), passwordHash: pwHash, verify: verified()},
			wantAction: resources.NoOp},
		"lab: a field differs": {backend: labStub,
			read:       ssoRead{obs: saved(func(s eceadmin.Settings) { s[LabelLDAPURL] = "ldap://dc1.example.com:389" }), passwordHash: pwHash},
			wantAction: resources.Update, wantCodes: []string{FieldDiffers}},
		"lab: password changed": {backend: labStub,
			read:       ssoRead{obs: saved(func(s eceadmin.Settings) { s[LabelSSOPassword] = eceadmin.HashSecret(stubKey, "old") }), passwordHash: pwHash},
			wantAction: resources.Update, wantCodes: []string{PasswordChanged}},
		"lab: no password stored": {backend: labStub,
			read:       ssoRead{obs: saved(func(s eceadmin.Settings) { s[LabelSSOPassword] = "" }), passwordHash: pwHash},
			wantAction: resources.Update, wantCodes: []string{PasswordChanged}},
		"lab: verification failed": {backend: labStub,
			read:       ssoRead{obs: saved(nil), passwordHash: pwHash, verify: unverified()},
			wantAction: resources.Update, wantCodes: []string{VerificationFailed}},
		"manual: not attested": {backend: manualStub,
			read:       ssoRead{obs: eceadmin.Observed{}, valuesHash: desiredHash},
			wantAction: resources.Create, wantCodes: []string{NotAttested}},
		"manual: not attested, verification failed": {backend: manualStub,
			read:       ssoRead{obs: eceadmin.Observed{}, valuesHash: desiredHash, verify: unverified()},
			wantAction: resources.Create, wantCodes: []string{NotAttested, VerificationFailed}},
		"manual: values changed since the attestation": {backend: manualStub,
			read:       ssoRead{obs: attested("hmac-sha256:other"), valuesHash: desiredHash, verify: verified()},
			wantAction: resources.Update, wantCodes: []string{ValuesChangedSinceAttestation}},
		"manual: attested and verified": {backend: manualStub,
			read:       ssoRead{obs: attested(desiredHash), valuesHash: desiredHash, verify: verified()},
			wantAction: resources.NoOp, wantWarn: "unknown since the attestation by alice at 2026-11-22T10:00:00Z"},
		"manual: attested, verification failed": {backend: manualStub,
			read:       ssoRead{obs: attested(desiredHash), valuesHash: desiredHash, verify: unverified()},
			wantAction: resources.Update, wantCodes: []string{VerificationFailed}},
		"required field missing": {backend: labStub, edit: func(s *SSOSettings) { s.URL = "" },
			read:      ssoRead{obs: saved(nil), passwordHash: pwHash},
			wantCodes: []string{InvalidSettings}, wantErr: "LDAP URL is required"},
		"analysis error": {backend: labStub,
			analyze:   []Finding{{Level: FindingError, Code: "PortSSLMismatch", Message: "ldaps on 3268"}},
			read:      ssoRead{obs: saved(nil), passwordHash: pwHash},
			wantCodes: []string{InvalidSettings}, wantErr: "PortSSLMismatch: ldaps on 3268"},
		"analysis warning": {backend: labStub,
			analyze:    []Finding{{Level: FindingWarning, Code: "DNAttribute", Message: "not userPrincipalName"}},
			read:       ssoRead{obs: saved(nil), passwordHash: pwHash},
			wantAction: resources.NoOp, wantWarn: "LDAP settings: DNAttribute: not userPrincipalName"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			settings := ssoSettings()
			if tt.edit != nil {
				tt.edit(&settings)
			}
			c := PartitionSSOConfig{Addr: ssoAddr, Backend: tt.backend, Settings: settings, LookupEnv: lookupEnv}
			if tt.analyze != nil {
				c.Analyze = func(string, string, string, bool) []Finding { return tt.analyze }
			}
			r := NewPartitionSSO(c)
			rd := tt.read
			cur := r.state(&rd)
			ch, err := r.Plan(resources.PlanInput{Current: cur, Now: t0})
			checkCodes(t, ch, tt.wantCodes)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ch.Action != tt.wantAction {
				t.Errorf("action = %s, want %s", ch.Action.Word(), tt.wantAction.Word())
			}
			if tt.wantWarn != "" && !strings.Contains(strings.Join(cur.Warnings, "\n"), tt.wantWarn) {
				t.Errorf("warnings %q lack %q", cur.Warnings, tt.wantWarn)
			}
			if ch.Action != resources.NoOp {
				if pw := ch.After[AttrPassword]; pw.S != "env:ECE_LDAP_PASSWORD" || !pw.Sensitive {
					t.Errorf("after password = %+v, want the sensitive reference", pw)
				}
				if _, ok := ch.Private.(*ssoPlanned); !ok {
					t.Errorf("private = %T", ch.Private)
				}
			}
			noSecretIn(t, "before", ch.Before, ldapPassword, pwHash)
			noSecretIn(t, "after", ch.After, ldapPassword, pwHash)
			for _, r := range ch.Reasons {
				if strings.Contains(r.Message, ldapPassword) {
					t.Errorf("reason %s holds the password", r.Code)
				}
			}
		})
	}
}

func TestPartitionSSOVerificationAttrHasNoTiming(t *testing.T) {
	r := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: labStub, Settings: ssoSettings()})
	obs := eceadmin.Observed{Known: true, Settings: ssoStored(), SavedAt: t0}
	a, b := verified(), verified()
	b.Duration = 900 * time.Millisecond
	sa, sb := r.state(&ssoRead{obs: obs, verify: a}), r.state(&ssoRead{obs: obs, verify: b})
	if got := sa.Attrs[AttrVerification].S; got != "ok: 4 steps" {
		t.Errorf("verification = %q", got)
	}
	if sa.Fingerprint != sb.Fingerprint {
		t.Error("the verification's duration moved the fingerprint")
	}
	failed := r.state(&ssoRead{obs: obs, verify: unverified()})
	if got := failed.Attrs[AttrVerification].S; got != "failed: TLSUnknownAuthority: the keystore does not trust the directory's certificate" {
		t.Errorf("verification = %q", got)
	}
	if failed.Fingerprint == sa.Fingerprint {
		t.Error("a failed verification did not move the fingerprint")
	}
}

func TestPartitionSSOPlanNeedsRead(t *testing.T) {
	r := NewPartitionSSO(PartitionSSOConfig{Addr: ssoAddr, Backend: labStub, Settings: ssoSettings()})
	_, err := r.Plan(resources.PlanInput{Current: resources.State{Exists: true}})
	if err == nil || errors.Is(err, ErrNotConvergeable) {
		t.Fatalf("err = %v, want the not-read error", err)
	}
}
