package wire

import (
	"context"

	"github.com/ecereconcile/ecereconcile/pkg/resources/ece"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// ldapVerifier returns the partition SSO's verification (nil: none yet).
func ldapVerifier(sp *spec.Spec, ps *spec.PartitionSSO, env Env) func(context.Context) ece.VerifyResult {
	return nil
}

// analyzeLDAP is the static analysis of the LDAP settings.
func analyzeLDAP(url, baseDN, dnAttribute string, ssl bool) []ece.Finding { return nil }
