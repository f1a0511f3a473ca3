package iisbinding

import (
	"context"
	"errors"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Apply edits our site binding in place (or adds it), then sets the
// http.sys binding, and returns the state read again. It never removes a
// binding.
func (r *Resource) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	p, ok := ch.Private.(*planned)
	if !ok || p == nil {
		if ch.Action == resources.NoOp {
			return r.Read(ctx)
		}
		return resources.State{}, errors.New("the change carries no binding plan")
	}
	if p.ssl != nil && p.ssl.CertHash == "" {
		return resources.State{}, fmt.Errorf("the thumbprint of %s is still unknown", r.c.Certificate)
	}
	if p.binding != nil {
		if err := r.c.Ops.SetSiteBinding(ctx, r.c.Site, p.old, *p.binding); err != nil {
			return resources.State{}, fmt.Errorf("setting the https binding of %q: %w", r.c.Site, err)
		}
	}
	if p.ssl != nil {
		if err := r.c.Ops.SetSSLBinding(ctx, *p.ssl); err != nil {
			return resources.State{}, fmt.Errorf("setting the http.sys binding of %s: %w", p.ssl.Endpoint, err)
		}
	}
	return r.Read(ctx)
}
