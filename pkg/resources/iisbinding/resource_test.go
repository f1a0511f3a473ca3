package iisbinding

import (
	"context"
	"reflect"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// round runs one engine round on r like pkg/plan does: Read, Plan, Apply
// (unless NoOp), Read and Plan again, which must be NoOp.
func round(t *testing.T, r *Resource, up map[resources.Addr]resources.Change) resources.Change {
	t.Helper()
	ctx := context.Background()
	cur, err := r.Read(ctx)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: cur, Upstream: up})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if ch.Action == resources.NoOp {
		return ch
	}
	applied, err := r.Apply(ctx, ch)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	again, err := r.Read(ctx)
	if err != nil {
		t.Fatalf("Read after apply: %v", err)
	}
	check, err := r.Plan(resources.PlanInput{Current: again, Upstream: up})
	if err != nil || check.Action != resources.NoOp {
		t.Fatalf("did not converge: %v %s %v", err, check.Action.Word(), check.Reasons)
	}
	if !reflect.DeepEqual(applied.Attrs, again.Attrs) {
		t.Errorf("Apply returned %v, Read sees %v", applied.Attrs, again.Attrs)
	}
	for k, v := range ch.After {
		if !v.Unknown && again.Attrs[k] != v {
			t.Errorf("planned %s = %q, got %q", k, v.S, again.Attrs[k].S)
		}
	}
	return ch
}

func TestFreshServer(t *testing.T) {
	ops := newFakeOps(httpBinding)
	r := newResource(ops)
	if ch := round(t, r, known(tpA)); ch.Action != resources.Create {
		t.Fatalf("first: %s", ch.Action.Word())
	}
	if ch := round(t, r, known(tpA)); ch.Action != resources.NoOp {
		t.Fatalf("second: %s %v", ch.Action.Word(), ch.Reasons)
	}
	want := []winops.Binding{httpBinding, good}
	if got := ops.sites[winops.DefaultSite].Bindings; !reflect.DeepEqual(got, want) {
		t.Errorf("bindings %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(ops.ssl, []winops.SSLBinding{goodSSL}) {
		t.Errorf("http.sys %+v", ops.ssl)
	}

	// The certificate is re-issued: only http.sys changes.
	sets := ops.bindingSets
	if ch := round(t, r, known(tpB)); ch.Action != resources.Update || ch.Reasons[0].Code != CertificateDiffers {
		t.Fatalf("re-issue: %s %v", ch.Action.Word(), ch.Reasons)
	}
	if ops.bindingSets != sets || ops.ssl[0].CertHash != tpB {
		t.Errorf("re-issue touched the site binding or missed http.sys: %d sets, %+v", ops.bindingSets-sets, ops.ssl)
	}
}

func TestSNIBindingFixedInPlace(t *testing.T) {
	sni := winops.Binding{Protocol: "https", Information: "*:443:ece.example.com", SSLFlags: winops.SSLFlagSNI | winops.SSLFlagDisableHTTP2}
	leftover := winops.SSLBinding{Endpoint: "ece.example.com:443", CertHash: tpB, AppID: winops.IISAppID, CertStoreName: "MY"}
	ops := newFakeOps(httpBinding, sni, winops.Binding{Protocol: "net.tcp", Information: "808:*"})
	ops.ssl = []winops.SSLBinding{leftover}
	r := newResource(ops)
	ch := round(t, r, known(tpA))
	if ch.Action != resources.Update {
		t.Fatalf("action %s", ch.Action.Word())
	}
	want := []winops.Binding{httpBinding, with(good, winops.SSLFlagDisableHTTP2), {Protocol: "net.tcp", Information: "808:*"}}
	if got := ops.sites[winops.DefaultSite].Bindings; !reflect.DeepEqual(got, want) {
		t.Errorf("bindings %+v, want %+v (edited in place, other bits kept)", got, want)
	}
	if len(ops.ssl) != 2 || ops.ssl[1] != leftover {
		t.Errorf("http.sys %+v: the SNI entry must stay", ops.ssl)
	}
	st, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Warnings) != 1 {
		t.Errorf("warnings %q, want one about the leftover SNI entry", st.Warnings)
	}
}

func TestCertificateKnownOnlyAtApply(t *testing.T) {
	ops := newFakeOps(httpBinding)
	r := newResource(ops)
	unknown := resources.UnknownValue()
	cur, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	planned, err := r.Plan(resources.PlanInput{Current: cur, Upstream: upstream(resources.Create, &unknown)})
	if err != nil || planned.Action != resources.Create || !planned.After[AttrCertHash].Unknown {
		t.Fatalf("plan: %v %s %+v", err, planned.Action.Word(), planned.After[AttrCertHash])
	}
	if _, err := r.Apply(context.Background(), planned); err == nil {
		t.Fatal("Apply bound an unknown thumbprint")
	}
	if ops.bindingSets != 0 || ops.sslSets != 0 {
		t.Error("a refused Apply changed the server")
	}
	// At apply time the engine plans again with the certificate's final state.
	if ch := round(t, r, known(tpA)); ch.Action != resources.Create || ops.ssl[0].CertHash != tpA {
		t.Fatalf("apply: %s %+v", ch.Action.Word(), ops.ssl)
	}
}
