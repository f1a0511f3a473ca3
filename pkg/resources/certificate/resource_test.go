package certificate

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// round runs one engine round on r like pkg/plan does: Read, Plan, Apply
// (unless NoOp), Read and Plan again, which must be NoOp. It returns the
// planned change and the final state.
func round(t *testing.T, r *Resource, now time.Time, upstream map[resources.Addr]resources.Change) (resources.Change, resources.State) {
	t.Helper()
	ctx := context.Background()
	cur, err := r.Read(ctx)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: cur, Upstream: upstream, Now: now})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if ch.Action == resources.NoOp {
		return ch, cur
	}
	applied, err := r.Apply(ctx, ch)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	again, err := r.Read(ctx)
	if err != nil {
		t.Fatalf("Read after apply: %v", err)
	}
	check, err := r.Plan(resources.PlanInput{Current: again, Upstream: upstream, Now: now})
	if err != nil {
		t.Fatalf("Plan after apply: %v", err)
	}
	if check.Action != resources.NoOp {
		t.Fatalf("did not converge: %s %v", check.Action.Word(), check.Reasons)
	}
	if !reflect.DeepEqual(applied.Attrs, again.Attrs) || applied.Fingerprint != again.Fingerprint {
		t.Errorf("Apply returned %v, Read sees %v", applied.Attrs, again.Attrs)
	}
	// What the plan knew must be what happened.
	for k, v := range ch.After {
		if !v.Unknown && again.Attrs[k].S != v.S {
			t.Errorf("planned %s = %q, got %q", k, v.S, again.Attrs[k].S)
		}
	}
	return ch, again
}

// final is a NoOp change whose After is st's attributes, as the engine
// hands a dependency's final state to its dependents.
func final(addr resources.Addr, st resources.State) map[resources.Addr]resources.Change {
	return map[resources.Addr]resources.Change{addr: {Addr: addr, Action: resources.NoOp, Before: st.Attrs, After: st.Attrs}}
}

func TestSelfSignedLifeCycle(t *testing.T) {
	ops, fs := newFakeOps(), files{}
	in := inst(spec.CertSourceSelfSigned)
	in.Organization = "Example"
	in.Validity = spec.Duration(90 * spec.Day)
	r := New(config(testAddr, ops, in, fs))

	ch, st := round(t, r, testNow, nil)
	if ch.Action != resources.Create || !st.Exists {
		t.Fatalf("first apply: %s, exists %v", ch.Action.Word(), st.Exists)
	}
	first := st.Attrs[AttrThumbprint].S
	der, err := base64.StdEncoding.DecodeString(st.Attrs[AttrDER].S)
	if err != nil || certgen.Thumbprint(der) != first {
		t.Fatalf("der attribute does not hold the certificate: %v", err)
	}
	c, _ := x509.ParseCertificate(der)
	if c.Subject.String() != "CN=ece.example.com,O=Example" || !c.NotAfter.Equal(testNow.Add(90*spec.Day)) {
		t.Errorf("certificate %s until %s", c.Subject, c.NotAfter)
	}
	if ch, _ := round(t, r, testNow, nil); ch.Action != resources.NoOp {
		t.Fatalf("second plan: %s %v", ch.Action.Word(), ch.Reasons)
	}

	// 70 days later less than renewBefore (30d) is left: re-issue.
	later := testNow.Add(70 * spec.Day)
	renew := New(config(testAddr, ops, in, fs))
	renew.c.Now = func() time.Time { return later }
	ch, st = round(t, renew, later, nil)
	if ch.Action != resources.Update || ch.Reasons[0].Code != ExpiresSoon {
		t.Fatalf("renewal: %s %v", ch.Action.Word(), ch.Reasons)
	}
	if st.Attrs[AttrThumbprint].S == first {
		t.Error("renewal kept the thumbprint")
	}
	if len(ops.certs) != 2 {
		t.Errorf("store holds %d certificates, want the old one kept", len(ops.certs))
	}
	if !slices.ContainsFunc(st.Warnings, func(w string) bool { return strings.Contains(w, first) && strings.Contains(w, "never deletes") }) {
		t.Errorf("no warning about the old certificate: %q", st.Warnings)
	}
}

func TestPFXLifeCycle(t *testing.T) {
	keys(t)
	ops, fs := newFakeOps(), files{}
	der := mkCert(t, certSpec{dns: []string{"chat.example.com", testFQDN}})
	fs[testPFXPath] = pfxOf(t, der)
	r := New(config(testAddr, ops, inst(spec.CertSourcePFX), fs))
	ch, st := round(t, r, testNow, nil)
	if ch.Action != resources.Create || st.Attrs[AttrThumbprint].S != certgen.Thumbprint(der) {
		t.Fatalf("apply: %s, thumbprint %s", ch.Action.Word(), st.Attrs[AttrThumbprint].S)
	}
	if ch, _ := round(t, r, testNow, nil); ch.Action != resources.NoOp {
		t.Fatalf("second plan: %s", ch.Action.Word())
	}
	if ops.imports != 1 {
		t.Errorf("%d imports, want 1", ops.imports)
	}
}

func TestPFXWrongPasswordIsAReadError(t *testing.T) {
	keys(t)
	fs := files{testPFXPath: pfxOf(t, mkCert(t, certSpec{}))}
	cfg := config(testAddr, newFakeOps(), inst(spec.CertSourcePFX), fs)
	const wrong = "Wrong-Pw-Walrus"
	cfg.LookupEnv = func(string) (string, bool) { return wrong, true }
	_, err := New(cfg).Read(context.Background())
	if err == nil {
		t.Fatal("Read succeeded with a wrong password")
	}
	msg := err.Error()
	if !strings.Contains(msg, testPFXPath) || !strings.Contains(msg, "env:"+testPasswordEnv) {
		t.Errorf("error %q does not name the file and the reference", msg)
	}
	if strings.Contains(msg, wrong) || strings.Contains(msg, testPassword) {
		t.Errorf("error %q holds a password", msg)
	}
}

func TestCSRTwoSteps(t *testing.T) {
	ops, fs := newFakeOps(), files{}
	in := inst(spec.CertSourceCSR)
	r := New(config(testAddr, ops, in, fs))
	csrPath := "/ops/csr/ece-web-a.csr.pem"

	// 1: a request is made and its CSR written.
	ch, st := round(t, r, testNow, nil)
	if ch.Action != resources.Create || ch.Reasons[0].Code != RequestNeeded {
		t.Fatalf("first: %s %v", ch.Action.Word(), ch.Reasons)
	}
	if st.Exists || fs[csrPath] == nil || len(ops.requests) != 1 {
		t.Fatalf("after the first apply: exists %v, csr %d bytes, %d requests", st.Exists, len(fs[csrPath]), len(ops.requests))
	}
	if !slices.ContainsFunc(st.Warnings, func(w string) bool { return strings.Contains(w, csrPath) }) {
		t.Errorf("no warning saying where the CSR is: %q", st.Warnings)
	}
	// Waiting for the CA is not a change.
	if ch, _ := round(t, r, testNow, nil); ch.Action != resources.NoOp || ch.Reasons[0].Code != AwaitingSignedCertificate {
		t.Fatalf("waiting: %s %v", ch.Action.Word(), ch.Reasons)
	}

	// 2: the CA signs; the spec names the answer.
	signed := signCSR(t, fs[csrPath], 365*spec.Day)
	fs[testSignedPath] = pemCert(signed)
	in.SignedCertificate = testSignedPath
	r = New(config(testAddr, ops, in, fs))
	ch, st = round(t, r, testNow, nil)
	if ch.Action != resources.Create || ch.Reasons[0].Code != SignedCertificateReady {
		t.Fatalf("second: %s %v", ch.Action.Word(), ch.Reasons)
	}
	if st.Attrs[AttrThumbprint].S != certgen.Thumbprint(signed) || st.Attrs[AttrHasPrivateKey].S != "true" || len(ops.requests) != 0 {
		t.Fatalf("after completing: %v, %d requests", st.Attrs, len(ops.requests))
	}

	// 3: nothing left to do.
	if ch, _ := round(t, r, testNow, nil); ch.Action != resources.NoOp || len(ch.Reasons) != 0 {
		t.Fatalf("third: %s %v", ch.Action.Word(), ch.Reasons)
	}
}

func TestSharedCopyFollowsTheIssuer(t *testing.T) {
	opsA, opsB, fs := newFakeOps(), newFakeOps(), files{}
	a := New(config(issuer, opsA, inst(spec.CertSourceSelfSigned), fs))
	cb := inst(spec.CertSourceSelfSigned)
	cb.Issuer = issuer
	cfgB := config(copyAddr, opsB, cb, fs)
	cfgB.IssuerOps = opsA
	b := New(cfgB)

	// Plan time: the issuer's thumbprint is not known yet.
	curA, err := a.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	planA, err := a.Plan(resources.PlanInput{Current: curA, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	curB, err := b.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	planB, err := b.Plan(resources.PlanInput{Current: curB, Upstream: map[resources.Addr]resources.Change{issuer: planA}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if planB.Action != resources.Create || !planB.After[AttrThumbprint].Unknown {
		t.Fatalf("copy plan: %s, thumbprint %+v", planB.Action.Word(), planB.After[AttrThumbprint])
	}

	// Apply time: the issuer first, then the copy with its final state.
	_, stA := round(t, a, testNow, nil)
	_, stB := round(t, b, testNow, final(issuer, stA))
	if stA.Attrs[AttrThumbprint].S == "" || stB.Attrs[AttrThumbprint] != stA.Attrs[AttrThumbprint] || stB.Attrs[AttrDER] != stA.Attrs[AttrDER] {
		t.Fatalf("copy holds %s, issuer %s", stB.Attrs[AttrThumbprint].S, stA.Attrs[AttrThumbprint].S)
	}

	// The issuer renews; the copy follows.
	later := testNow.Add(800 * spec.Day)
	a.c.Now = func() time.Time { return later }
	_, stA2 := round(t, a, later, nil)
	ch, stB2 := round(t, b, later, final(issuer, stA2))
	if ch.Action != resources.Update || ch.Reasons[0].Code != DiffersFromIssuer || stB2.Attrs[AttrThumbprint] != stA2.Attrs[AttrThumbprint] {
		t.Fatalf("after renewal: %s %v, copy %s, issuer %s", ch.Action.Word(), ch.Reasons, stB2.Attrs[AttrThumbprint].S, stA2.Attrs[AttrThumbprint].S)
	}
}

func TestFingerprintMovesWithTheStore(t *testing.T) {
	keys(t)
	ops := newFakeOps()
	r := New(config(testAddr, ops, inst(spec.CertSourceSelfSigned), files{}))
	ops.seed(mkCert(t, certSpec{}), rsa2048, DefaultFriendlyName)
	before, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ops.seed(mkCert(t, certSpec{notAfter: testNow.AddDate(0, 1, 0)}), rsa2048, DefaultFriendlyName) // an older one appears
	after, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before.Attrs, after.Attrs) {
		t.Errorf("attributes moved though our certificate did not")
	}
	if resources.FingerprintOf(before) == resources.FingerprintOf(after) {
		t.Error("the fingerprint did not move when a candidate appeared")
	}
}
