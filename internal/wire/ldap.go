package wire

import (
	"context"
	"crypto/x509"
	"fmt"
	"slices"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/ldapverify"
	"github.com/ecereconcile/ecereconcile/pkg/resources/ece"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// ldapVerifier returns the partition SSO's verification: the LDAP URL
// dialled with TLS whose roots are exactly the certificates of the keystore
// ECE uses (read from the first ECE app server, as ECE would), a bind with
// the search account and a search for the test user. A missing or wrong AD
// certificate in that keystore fails here, as it would fail in ECE.
func ldapVerifier(sp *spec.Spec, ps *spec.PartitionSSO, servers map[string]*server, env Env) func(context.Context) ece.VerifyResult {
	return func(ctx context.Context) ece.VerifyResult {
		roots, problem := keystoreRoots(ctx, sp, ps, servers, env)
		if problem != "" {
			return ece.VerifyResult{Code: "KeystoreUnreadable", Detail: problem}
		}
		password, err := ps.Password.Resolve(env.LookupEnv)
		if err != nil {
			return ece.VerifyResult{Code: "PasswordUnavailable", Detail: err.Error()}
		}
		url, err := ldapverify.EffectiveURL(ps.URL, ps.SSLEnabled == nil || *ps.SSLEnabled)
		if err != nil {
			return ece.VerifyResult{Code: ldapverify.InvalidConfig.String(), Detail: err.Error()}
		}
		rep := ldapverify.Verify(ctx, ldapverify.Config{
			URL:         url,
			RootCAs:     roots,
			BindDN:      ps.SearchDN,
			Password:    string(password),
			BaseDN:      ps.Base,
			DNAttribute: ps.DNAttribute,
			TestUser:    ps.TestUser,
			Now:         env.Now,
		})
		res := ece.VerifyResult{OK: rep.OK, Duration: rep.Total}
		for _, s := range rep.Steps {
			res.Steps = append(res.Steps, s.Name)
		}
		if !rep.OK {
			res.Code = rep.Code.String()
			if rep.Err != nil {
				// The endpoint first: an unreachable directory is
				// fixed by knowing which one.
				res.Detail = url + ": " + rep.Err.Error()
			}
		}
		return res
	}
}

// keystoreRoots reads the trusted certificates of the partition SSO's
// keystore on the first ECE app server; problem says why it cannot.
func keystoreRoots(ctx context.Context, sp *spec.Spec, ps *spec.PartitionSSO, servers map[string]*server, env Env) ([]*x509.Certificate, string) {
	in := sp.Integration
	if in.ActiveDirectory == nil {
		return nil, "no integration.activeDirectory keystore: its password is unknown"
	}
	var app host.Host
	for _, h := range sp.Hosts {
		if slices.Contains(h.Roles, spec.RoleECEApp) {
			app = servers[h.Name]
			break
		}
	}
	if app == nil {
		return nil, "no ece-app host holds the keystore"
	}
	entries, err := readTrusted(ctx, app, ps.KeystorePath, in.ActiveDirectory.Keystore, env)
	if err != nil {
		return nil, fmt.Sprintf("keystore %s on %s: %v", ps.KeystorePath, app.Name(), err)
	}
	roots := make([]*x509.Certificate, len(entries))
	for i, e := range entries {
		roots[i] = e.Cert
	}
	return roots, ""
}

// analyzeLDAP is the static analysis of the LDAP settings (ldapverify).
func analyzeLDAP(url, baseDN, dnAttribute string, ssl bool) []ece.Finding {
	var out []ece.Finding
	for _, f := range ldapverify.Analyze(url, baseDN, dnAttribute, ssl) {
		level := ece.FindingWarning
		if f.Level == ldapverify.LevelError {
			level = ece.FindingError
		}
		out = append(out, ece.Finding{Level: level, Code: f.Code, Message: f.Message})
	}
	return out
}
