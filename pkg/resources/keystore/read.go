package keystore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Attribute names.
const (
	attrPath      = "path"
	attrType      = "type"
	attrPassword  = "password"
	attrUnmanaged = "unmanaged entries"
)

// entryAttr is the attribute name of a managed alias.
func entryAttr(alias string) string { return "entry[" + normalizeAlias(alias) + "]" }

// readState is State.Private of an existing keystore: what Plan decides
// from. It is never serialised.
type readState struct {
	store *javaks.Store
	// fingerprint is "sha256:<hex>" of the bytes read.
	fingerprint string
}

// Read observes the keystore. A missing file is State{Exists:false}; a wrong
// password, a corrupt file or a file of the other type is an error.
func (r *Resource) Read(ctx context.Context) (resources.State, error) {
	typ, err := r.storeType()
	if err != nil {
		return resources.State{}, err
	}
	pw, err := r.password()
	if err != nil {
		return resources.State{}, err
	}
	defer clear(pw)
	path := r.c.Store.Path
	data, err := r.c.Host.ReadFile(ctx, path)
	if errors.Is(err, fs.ErrNotExist) {
		return resources.State{Exists: false, Attrs: resources.Attrs{
			attrPath: resources.V(path),
			attrType: resources.V(typ.String()),
		}}, nil
	}
	if err != nil {
		return resources.State{}, fmt.Errorf("keystore: %w", err)
	}
	store, err := javaks.Decode(data, pw, typ)
	if err != nil {
		return resources.State{}, fmt.Errorf("%s: %w", path, err)
	}
	return r.stateOf(store, data), nil
}

// stateOf builds the state of an existing keystore from its decoded store
// and its bytes; Read and Apply share it so both report the same shape.
func (r *Resource) stateOf(store *javaks.Store, data []byte) resources.State {
	st := resources.State{
		Exists:      true,
		Attrs:       r.baseAttrs(store.Type()),
		Fingerprint: resources.FingerprintBytes(data),
	}
	st.Private = &readState{store: store, fingerprint: st.Fingerprint}
	managed := map[string]bool{}
	for _, e := range r.c.Entries {
		alias := normalizeAlias(e.Alias)
		managed[alias] = true
		got, ok := store.Lookup(alias)
		if ok {
			st.Attrs[entryAttr(alias)] = resources.V(entryValue(got))
		}
		if e.Cert == nil {
			continue
		}
		fp := javaks.SHA256Fingerprint(e.Cert)
		verb := "is already"
		if ok && got.SHA256 == fp && !got.PrivateKey {
			verb = "is also"
		}
		for _, other := range store.FindBySHA256(fp) {
			if other != alias {
				st.Warnings = append(st.Warnings, fmt.Sprintf(
					"the certificate of entry %q (SHA256 %s) %s trusted under alias %q", alias, fp, verb, other))
			}
		}
	}
	for _, f := range r.c.FromUpstream {
		alias := normalizeAlias(f.Alias)
		managed[alias] = true
		if got, ok := store.Lookup(alias); ok {
			st.Attrs[entryAttr(alias)] = resources.V(entryValue(got))
		}
	}
	unmanaged := 0
	for _, a := range store.Aliases() {
		if !managed[a] {
			unmanaged++
		}
	}
	st.Attrs[attrUnmanaged] = resources.V(strconv.Itoa(unmanaged))
	return st
}

// baseAttrs are the attributes every existing keystore has.
func (r *Resource) baseAttrs(typ javaks.Type) resources.Attrs {
	return resources.Attrs{
		attrPath:     resources.V(r.c.Store.Path),
		attrType:     resources.V(typ.String()),
		attrPassword: {S: r.c.Store.Password.Ref(), Sensitive: true},
	}
}

// entryValue renders one entry as its attribute value.
func entryValue(e javaks.Entry) string {
	if e.PrivateKey {
		if e.SHA256 == "" {
			return "private key entry"
		}
		return "private key entry, SHA256 " + e.SHA256
	}
	return "SHA256 " + e.SHA256
}

// normalizeAlias folds an alias as Java (and javaks.Store.Lookup) does.
func normalizeAlias(alias string) string { return javaks.NormalizeAlias(alias) }
