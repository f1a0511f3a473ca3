package iisbinding

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// fakeOps is an in-memory IIS and http.sys. The certificate store
// operations are not used by this kind.
type fakeOps struct {
	mu          sync.Mutex
	sites       map[string]*winops.Site
	ssl         []winops.SSLBinding
	bindingSets int
	sslSets     int
}

var _ winops.Ops = (*fakeOps)(nil)

// newFakeOps returns a server whose Default Web Site has the bindings.
func newFakeOps(bindings ...winops.Binding) *fakeOps {
	return &fakeOps{sites: map[string]*winops.Site{
		winops.DefaultSite: {Name: winops.DefaultSite, ID: 1, Bindings: bindings},
	}}
}

func (f *fakeOps) Site(_ context.Context, name string) (winops.Site, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sites[name]
	if !ok {
		return winops.Site{}, fmt.Errorf("site %q: %w", name, winops.ErrSiteNotFound)
	}
	c := *s
	c.Bindings = slices.Clone(s.Bindings)
	return c, nil
}

func (f *fakeOps) SetSiteBinding(_ context.Context, site string, old *winops.Binding, b winops.Binding) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sites[site]
	if !ok {
		return winops.ErrSiteNotFound
	}
	f.bindingSets++
	if old == nil {
		s.Bindings = append(s.Bindings, b)
		return nil
	}
	for i, x := range s.Bindings {
		if strings.EqualFold(x.Protocol, old.Protocol) && x.Information == old.Information {
			s.Bindings[i] = b
			return nil
		}
	}
	return errors.New("no such binding")
}

func (f *fakeOps) SSLBindings(context.Context) ([]winops.SSLBinding, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.ssl), nil
}

func (f *fakeOps) SetSSLBinding(_ context.Context, b winops.SSLBinding) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sslSets++
	for i, x := range f.ssl {
		if x.Endpoint == b.Endpoint {
			f.ssl[i] = b
			return nil
		}
	}
	f.ssl = append(f.ssl, b)
	slices.SortFunc(f.ssl, func(a, b winops.SSLBinding) int { return strings.Compare(a.Endpoint, b.Endpoint) })
	return nil
}

var errNotUsed = errors.New("not used by the iis_binding kind")

func (f *fakeOps) Certificates(context.Context) ([]winops.Cert, error) { return nil, errNotUsed }
func (f *fakeOps) ImportPFX(context.Context, []byte, string, string) (string, error) {
	return "", errNotUsed
}
func (f *fakeOps) ExportPFX(context.Context, string, string) ([]byte, error) { return nil, errNotUsed }
func (f *fakeOps) PendingRequests(context.Context) ([]winops.PendingRequest, error) {
	return nil, errNotUsed
}
func (f *fakeOps) NewRequest(context.Context, winops.CertRequest) (winops.PendingRequest, error) {
	return winops.PendingRequest{}, errNotUsed
}
func (f *fakeOps) CompleteRequest(context.Context, []byte) (string, error) { return "", errNotUsed }
