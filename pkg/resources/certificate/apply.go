package certificate

import (
	"context"
	"errors"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Apply carries out ch and returns the state read again. Nothing is ever
// deleted from the store: a replaced certificate stays (Read warns about
// it). Transient PFX passwords come from Config.Rand and live in memory
// only.
func (r *Resource) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	p, ok := ch.Private.(*planned)
	if !ok || p == nil {
		if ch.Action == resources.NoOp {
			return r.Read(ctx)
		}
		return resources.State{}, errors.New("the change carries no certificate plan")
	}
	var got string // the thumbprint installed, when the step installs one
	var err error
	switch p.step {
	case stepSelfSign:
		got, err = r.selfSign(ctx)
	case stepImportPFX:
		got, err = r.importPFX(ctx, p)
	case stepCopy:
		got, err = r.copyFromIssuer(ctx, p)
	case stepNewRequest:
		err = r.newRequest(ctx)
	case stepWriteCSR:
		err = r.writeCSR(p.csr)
	case stepComplete:
		got, err = r.c.Ops.CompleteRequest(ctx, p.signed.Raw)
		if err != nil {
			err = fmt.Errorf("completing the request: %w", err)
		}
	default:
		err = fmt.Errorf("unknown step %s", p.step)
	}
	if err != nil {
		return resources.State{}, fmt.Errorf("%s: %w", p.step, err)
	}
	if p.thumbprint != "" && got != "" && !equalThumbprints(got, p.thumbprint) {
		return resources.State{}, fmt.Errorf("%s: the server installed %s, want %s", p.step, got, p.thumbprint)
	}
	return r.Read(ctx)
}

// selfSign makes the certificate and imports it with a transient password.
func (r *Resource) selfSign(ctx context.Context) (string, error) {
	der, key, err := certgen.SelfSigned(r.request(), r.c.Now(), r.c.Rand)
	if err != nil {
		return "", err
	}
	pw, err := certgen.RandomPassword(r.c.Rand)
	if err != nil {
		return "", err
	}
	pfx, err := certgen.PFX(der, key, pw)
	if err != nil {
		return "", err
	}
	got, err := r.c.Ops.ImportPFX(ctx, pfx, pw, r.c.Inst.FriendlyName)
	if err != nil {
		return "", fmt.Errorf("importing: %w", err)
	}
	if want := certgen.Thumbprint(der); !equalThumbprints(got, want) {
		return "", fmt.Errorf("the server installed %s, want %s", got, want)
	}
	return got, nil
}

// importPFX imports the PFX read at plan time with the spec's password.
func (r *Resource) importPFX(ctx context.Context, p *planned) (string, error) {
	ref := r.c.Inst.PFX.Password
	pw, err := ref.Resolve(r.c.LookupEnv)
	if err != nil {
		return "", fmt.Errorf("pfx %s: password: %w", r.c.Inst.PFX.File, err)
	}
	defer clear(pw)
	got, err := r.c.Ops.ImportPFX(ctx, p.pfx, string(pw), r.c.Inst.FriendlyName)
	if err != nil {
		return "", fmt.Errorf("importing %s: %w", r.c.Inst.PFX.File, err)
	}
	return got, nil
}

// copyFromIssuer exports the issuer's certificate with its key under a
// transient password and imports it here.
func (r *Resource) copyFromIssuer(ctx context.Context, p *planned) (string, error) {
	if p.thumbprint == "" {
		return "", fmt.Errorf("the thumbprint of %s is still unknown", r.c.Inst.Issuer)
	}
	if r.c.IssuerOps == nil {
		return "", fmt.Errorf("no connection to the issuer %s", r.c.Inst.Issuer)
	}
	pw, err := certgen.RandomPassword(r.c.Rand)
	if err != nil {
		return "", err
	}
	pfx, err := r.c.IssuerOps.ExportPFX(ctx, p.thumbprint, pw)
	if err != nil {
		return "", fmt.Errorf("exporting %s from %s: %w", p.thumbprint, r.c.Inst.Issuer.Host, err)
	}
	got, err := r.c.Ops.ImportPFX(ctx, pfx, pw, r.c.Inst.FriendlyName)
	if err != nil {
		return "", fmt.Errorf("importing: %w", err)
	}
	return got, nil
}

// newRequest makes the key pair and request on the server and writes the
// CSR for the CA.
func (r *Resource) newRequest(ctx context.Context) error {
	req := r.request()
	pr, err := r.c.Ops.NewRequest(ctx, winops.CertRequest{
		CommonName:   req.CommonName,
		Organization: req.Organization,
		DNSNames:     req.DNSNames,
		KeySize:      req.KeySize,
		FriendlyName: r.c.Inst.FriendlyName,
	})
	if err != nil {
		return fmt.Errorf("creating the request: %w", err)
	}
	return r.writeCSR(pr.CSR)
}

// writeCSR writes the request for the CA on the operator's machine.
func (r *Resource) writeCSR(pem []byte) error {
	if r.c.WriteCSR == nil {
		return errors.New("no CSR writer configured")
	}
	if err := r.c.WriteCSR(r.csrPath(), pem); err != nil {
		return fmt.Errorf("writing the CSR: %w", err)
	}
	return nil
}
