package wire

import (
	"context"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// readTrusted reads the trusted-certificate entries (with a certificate)
// of the keystore at path on h, opened with store's password and type: an
// ADS truststore for verify, the AD keystore for the LDAP verification.
func readTrusted(ctx context.Context, h host.Host, path string, store spec.KeystoreStore, env Env) ([]javaks.Entry, error) {
	pw, err := store.Password.Resolve(env.LookupEnv)
	if err != nil {
		return nil, err
	}
	typ, err := javaks.ParseType(store.Type)
	if err != nil {
		return nil, err
	}
	data, err := h.ReadFile(ctx, path)
	if err != nil {
		return nil, err
	}
	ks, err := javaks.Decode(data, pw, typ)
	if err != nil {
		return nil, err
	}
	var out []javaks.Entry
	for _, e := range ks.Trusted() {
		if e.Cert != nil {
			out = append(out, e)
		}
	}
	return out, nil
}
