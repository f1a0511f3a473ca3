package verify

import (
	"errors"
	"testing"
)

func TestJudgeLDAP(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name   string
		ldap   outcome[LDAPOutcome]
		saved  outcome[*bool]
		status Status
		code   string
		want   []string
	}{
		{name: "verified, saved in ECE", ldap: outcome[LDAPOutcome]{v: LDAPOutcome{OK: true, Steps: []string{"dial", "tls", "bind", "search"}}},
			saved: outcome[*bool]{v: &yes}, status: Pass, want: []string{"(dial, tls, bind, search)"}},
		{name: "verified, manual backend cannot tell", ldap: outcome[LDAPOutcome]{v: LDAPOutcome{OK: true}}, status: Pass},
		{name: "verified, never saved in ECE", ldap: outcome[LDAPOutcome]{v: LDAPOutcome{OK: true}}, saved: outcome[*bool]{v: &no},
			status: Fail, code: PartitionSSONotSaved, want: []string{"ece_partition_sso.sso"}},
		{name: "verified, ECE's store unreadable", ldap: outcome[LDAPOutcome]{v: LDAPOutcome{OK: true}},
			saved: outcome[*bool]{err: errors.New("admin.json: permission denied")}, status: Pass,
			want: []string{"whether ECE has them saved could not be read: admin.json: permission denied"}},
		{name: "AD certificate not in the keystore",
			ldap: outcome[LDAPOutcome]{v: LDAPOutcome{Code: "TLSUnknownAuthority", Detail: "certificate signed by unknown authority",
				Remedy: "import the AD certificate", Steps: []string{"dial", "tls"}}},
			status: Fail, code: "TLSUnknownAuthority",
			want: []string{"fail at step tls: certificate signed by unknown authority", "import the AD certificate; run ecereconcile apply", "LDAP errors"}},
		{name: "keystore missing", ldap: outcome[LDAPOutcome]{v: LDAPOutcome{Code: "KeystoreUnreadable", Detail: "no such file",
			FixResources: []string{"keystore.ad[ece-app-a]"}}},
			status: Fail, code: "KeystoreUnreadable", want: []string{"(converges keystore.ad[ece-app-a], ece_partition_sso.sso)"}},
		{name: "password not available here", ldap: outcome[LDAPOutcome]{v: LDAPOutcome{Code: "PasswordUnavailable", CouldNotRun: true,
			Detail: "environment variable LDAP_PASS is not set", Remedy: "set it"}},
			status: Error, code: "PasswordUnavailable", want: []string{"could not be tried from here: environment variable LDAP_PASS"}},
		{name: "did not finish", ldap: outcome[LDAPOutcome]{err: errors.New("no answer within 30s")}, status: Error, code: Unavailable},
	}
	tg := Target{SpecFile: "env.yaml", LDAP: &LDAP{Resource: "ece_partition_sso.sso"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := judgeLDAP(tg, &facts{ldap: tt.ldap, ssoSaved: tt.saved})
			wantResult(t, r, tt.status, tt.code, tt.want...)
		})
	}
	wantResult(t, judgeLDAP(Target{}, &facts{}), Skip, NotConfigured, "no integration.partitionSSO")
}
