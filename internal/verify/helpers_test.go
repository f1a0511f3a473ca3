package verify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const fqdn = "ece.example.com"

var serial atomic.Int64

// testCert is a certificate and its key.
type testCert struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// certOpts describes a certificate to make; parent signs it (self-signed
// when nil).
type certOpts struct {
	cn       string
	dns      []string
	ca       bool
	notAfter time.Time
	parent   *testCert
	usage    []x509.ExtKeyUsage
	sigAlg   x509.SignatureAlgorithm // zero: the default
}

func newCert(t *testing.T, o certOpts) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if o.notAfter.IsZero() {
		o.notAfter = testNow.AddDate(1, 0, 0)
	}
	if o.usage == nil && !o.ca {
		o.usage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial.Add(1)),
		Subject:               pkix.Name{CommonName: o.cn},
		DNSNames:              o.dns,
		NotBefore:             testNow.AddDate(0, -1, 0),
		NotAfter:              o.notAfter,
		BasicConstraintsValid: true,
		IsCA:                  o.ca,
		ExtKeyUsage:           o.usage,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		SignatureAlgorithm:    o.sigAlg,
	}
	if o.ca {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	}
	parent, signer := tmpl, key
	if o.parent != nil {
		parent, signer = o.parent.cert, o.parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return testCert{cert: c, key: key}
}

// presented is a successful presentation of chain.
func presented(chain ...testCert) outcome[Presentation] {
	p := Presentation{Via: "test"}
	for _, c := range chain {
		p.Chain = append(p.Chain, c.cert)
	}
	return outcome[Presentation]{v: p}
}

// failed is a presentation error.
func failed(err error) outcome[Presentation] { return outcome[Presentation]{err: err} }

var (
	errNothing     = fmt.Errorf("ece-web-a: IIS site has no https binding on port 443: %w", ErrNothingPresented)
	errUnreachable = errors.New("ece-web-a: dial tcp 10.0.0.1:443: connect: connection refused")
)

// trusted is a truststore holding certs under aliases a0, a1, ...
func trusted(certs ...testCert) outcome[[]TrustedCert] {
	var out []TrustedCert
	for i, c := range certs {
		out = append(out, TrustedCert{Alias: fmt.Sprintf("a%d", i), Cert: c.cert})
	}
	return outcome[[]TrustedCert]{v: out}
}

// wantResult checks a result's status and code, and that its texts
// contain each of want.
func wantResult(t *testing.T, r Result, status Status, code string, want ...string) {
	t.Helper()
	if r.Status != status || r.Code != code {
		t.Errorf("status %s code %q, want %s %q\n%+v", r.Status, r.Code, status, code, r)
	}
	all := r.Summary + "\n" + r.Symptom + "\n" + r.Fix
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("result does not contain %q:\n%s", w, all)
		}
	}
	if status == Fail && (r.Symptom == "" || r.Fix == "") {
		t.Errorf("a failure needs a symptom and a fix: %+v", r)
	}
	if status != Pass && r.Code == "" {
		t.Errorf("a %s needs a code: %+v", status, r)
	}
}

// fakePresenter answers Present from a table by server name.
type fakePresenter struct {
	by map[string]outcome[Presentation]
	// block, when not nil, makes Present wait for it (ignoring ctx).
	block chan struct{}
}

func (f fakePresenter) Present(_ context.Context, serverName string) (Presentation, error) {
	if f.block != nil {
		<-f.block
	}
	o := f.by[serverName]
	return o.v, o.err
}

// fakeServices reports one service state, or an error.
type fakeServices struct {
	st  host.ServiceStatus
	err error
}

func (f fakeServices) ServiceStatus(_ context.Context, name string) (host.ServiceStatus, error) {
	if f.err != nil {
		return host.ServiceStatus{}, f.err
	}
	st := f.st
	st.Name = name
	return st, nil
}

func (f fakeServices) RestartService(context.Context, string) error {
	return errors.New("not in tests")
}

// fakePCCE is a canned Unified Config API.
type fakePCCE struct {
	machines  []pcce.Machine
	status    pcce.MachineStatus
	mrds      []pcce.MRD
	instances []pcce.ApplicationInstance
	err       error
}

func (f fakePCCE) ListMachines(context.Context, string) ([]pcce.Machine, error) {
	return f.machines, f.err
}
func (f fakePCCE) MachineStatus(context.Context) (pcce.MachineStatus, error) { return f.status, f.err }
func (f fakePCCE) ListMRDs(context.Context) ([]pcce.MRD, error)              { return f.mrds, f.err }
func (f fakePCCE) ListApplicationInstances(context.Context) ([]pcce.ApplicationInstance, error) {
	return f.instances, f.err
}

// fakeAdmin is a canned ECE admin backend.
type fakeAdmin struct {
	name string
	by   map[eceadmin.Section]eceadmin.Observed
	err  error
}

func (f fakeAdmin) Name() string { return f.name }
func (f fakeAdmin) Read(_ context.Context, s eceadmin.Section) (eceadmin.Observed, error) {
	return f.by[s], f.err
}
