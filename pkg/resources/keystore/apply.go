package keystore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// newFileMode is the mode of a keystore Apply creates: a trust store holds
// no secrets, and the JDK's cacerts is world-readable too.
const newFileMode fs.FileMode = 0o644

// Apply carries out ch: it reads the file again and refuses if it changed
// since Read (or appeared, for a create), applies the edits to a fresh
// decode, encodes, decodes the result as a self-check, backs up an existing
// file and replaces it atomically. On any error the file is untouched.
func (r *Resource) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	path := r.c.Store.Path
	p, ok := ch.Private.(*planned)
	if !ok || p == nil {
		return resources.State{}, fmt.Errorf("%s: the change carries no keystore plan", path)
	}
	if len(p.edits) == 0 {
		return r.Read(ctx)
	}
	typ, err := r.storeType()
	if err != nil {
		return resources.State{}, err
	}
	pw, err := r.password()
	if err != nil {
		return resources.State{}, err
	}
	defer clear(pw)
	store, err := r.current(ctx, p, typ, pw)
	if err != nil {
		return resources.State{}, err
	}

	now := r.c.Now()
	for _, e := range p.edits {
		store.SetTrusted(e.alias, e.cert, now)
	}
	// A PKCS12 written with legacy algorithms stays legacy, so the JDK that
	// wrote it can still read it; a password-less one (JDK 18+ cacerts)
	// stays password-less rather than being locked with the spec's password.
	enc := r.c.PKCS12Encoder
	if e := store.PKCS12Encoder(); e == javaks.LegacyDES || e == javaks.Passwordless {
		enc = e
	}
	out, err := store.Encode(pw, javaks.EncodeOptions{PKCS12Encoder: enc})
	if err != nil {
		return resources.State{}, fmt.Errorf("%s: encoding keystore: %w", path, err)
	}
	check, err := r.selfCheck(out, pw, typ, store.Len(), p.edits)
	if err != nil {
		return resources.State{}, err
	}

	if !p.create {
		if _, err := host.Backup(ctx, r.c.Host, path, now); err != nil {
			return resources.State{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := r.c.Host.WriteFile(ctx, path, out, newFileMode); err != nil {
		return resources.State{}, fmt.Errorf("writing keystore: %w", err)
	}
	return r.stateOf(check, out), nil
}

// current returns the store the edits apply to: a new one for a create, or
// the file decoded again after checking it is the one the plan was made
// from.
func (r *Resource) current(ctx context.Context, p *planned, typ javaks.Type, pw []byte) (*javaks.Store, error) {
	path := r.c.Store.Path
	data, err := r.c.Host.ReadFile(ctx, path)
	if p.create {
		switch {
		case err == nil:
			return nil, fmt.Errorf("%s: the keystore appeared since it was read; plan again", path)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("reading keystore: %w", err)
		}
		return javaks.New(typ), nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: the keystore was removed since it was read; plan again", path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading keystore: %w", err)
	}
	if resources.FingerprintBytes(data) != p.fingerprint {
		return nil, fmt.Errorf("%s: the keystore changed since it was read; plan again", path)
	}
	store, err := javaks.Decode(data, pw, typ)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return store, nil
}

// selfCheck decodes the bytes about to be written and checks they hold
// every entry with the edits applied.
func (r *Resource) selfCheck(out, pw []byte, typ javaks.Type, wantLen int, edits []edit) (*javaks.Store, error) {
	path := r.c.Store.Path
	check, err := javaks.Decode(out, pw, typ)
	if err != nil {
		return nil, fmt.Errorf("%s: self-check of the new keystore failed, nothing written: %w", path, err)
	}
	if check.Len() != wantLen {
		return nil, fmt.Errorf("%s: self-check of the new keystore failed, nothing written: %d entries, want %d", path, check.Len(), wantLen)
	}
	for _, e := range edits {
		got, ok := check.Lookup(e.alias)
		if !ok || got.SHA256 != javaks.SHA256Fingerprint(e.cert) {
			return nil, fmt.Errorf("%s: self-check of the new keystore failed, nothing written: alias %q does not hold the certificate", path, e.alias)
		}
	}
	return check, nil
}
