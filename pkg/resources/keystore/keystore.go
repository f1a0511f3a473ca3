package keystore

import (
	"fmt"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// Kind is the resource kind's name in addresses and specs.
const Kind = "keystore"

// Config is everything one keystore resource needs.
type Config struct {
	Addr      resources.Addr
	DependsOn []resources.Addr
	Host      host.Host
	// Store is the file: Path, Type ("" means jks), Password, Create.
	Store spec.KeystoreStore
	// Entries are the managed entries; each Cert must be loaded.
	Entries []spec.TrustEntry
	// FromUpstream are managed entries whose certificate is the final state
	// of another resource (the self-signed web certificate): its AttrDER
	// attribute, base64 DER. Each From must be among DependsOn.
	FromUpstream []spec.TrustFrom
	// Now stamps new JKS entries and names backups; nil means time.Now.
	Now func() time.Time
	// LookupEnv resolves env: secrets; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// PKCS12Encoder chooses how a PKCS12 store is written; the zero value
	// is javaks.Modern2023 (Java 8u301+, 11.0.12+, 12+). An existing file
	// written with legacy algorithms is always rewritten with LegacyDES.
	// Ignored for JKS.
	PKCS12Encoder javaks.PKCS12Encoder
}

// Resource is one keystore on one host. It implements resources.Resource
// and resources.Describer.
type Resource struct {
	c Config
}

var (
	_ resources.Resource  = (*Resource)(nil)
	_ resources.Describer = (*Resource)(nil)
)

// New returns the resource for c.
func New(c Config) *Resource {
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Resource{c: c}
}

// Addr returns the resource's address.
func (r *Resource) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the resources this one depends on.
func (r *Resource) DependsOn() []resources.Addr { return r.c.DependsOn }

// Describe says which file on which host: "C:\...\cacerts on ads-a".
func (r *Resource) Describe() string {
	if r.c.Host == nil {
		return r.c.Store.Path
	}
	return fmt.Sprintf("%s on %s", r.c.Store.Path, r.c.Host.Name())
}

// storeType is the configured type; "" is jks.
func (r *Resource) storeType() (javaks.Type, error) {
	if r.c.Store.Type == "" {
		return javaks.JKS, nil
	}
	t, err := javaks.ParseType(r.c.Store.Type)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", r.c.Store.Path, err)
	}
	return t, nil
}

// password resolves the store's password. The error names the reference,
// never the value.
func (r *Resource) password() ([]byte, error) {
	pw, err := r.c.Store.Password.Resolve(r.c.LookupEnv)
	if err != nil {
		return nil, fmt.Errorf("%s: keystore password: %w", r.c.Store.Path, err)
	}
	return pw, nil
}
