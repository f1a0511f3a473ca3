package keystore

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

var webCert = resources.Addr{Kind: "certificate", Name: "ece_web", Host: "ece-web-a"}

// upstreamOf is the Change of the web certificate as the engine passes it.
func upstreamOf(action resources.Action, der resources.Value) map[resources.Addr]resources.Change {
	return map[resources.Addr]resources.Change{webCert: {
		Addr: webCert, Action: action,
		After: resources.Attrs{"thumbprint": resources.V("AB"), AttrDER: der},
	}}
}

func derValue(t *testing.T, der []byte) resources.Value {
	t.Helper()
	return resources.Value{S: base64.StdEncoding.EncodeToString(der), Internal: true}
}

// TestPlanFromUpstream covers entries whose certificate another resource
// makes: unknown at plan time, known at apply time.
func TestPlanFromUpstream(t *testing.T) {
	web := newCA(t, "ece.example.com")
	other := newCA(t, "old ece")
	fp := "SHA256 " + javaks.SHA256Fingerprint(web)
	cases := []struct {
		name     string
		store    *javaks.Store // nil: absent file
		upstream map[resources.Addr]resources.Change
		action   resources.Action
		code     string
		attr     resources.Value
		err      string
	}{
		{name: "being made, store lacks it", store: storeWith(javaks.JKS),
			upstream: upstreamOf(resources.Create, resources.UnknownValue()),
			action:   resources.Update, code: CertificateKnownAfterApply, attr: resources.UnknownValue()},
		{name: "being re-issued, store holds the old one", store: storeWith(javaks.JKS, "ece.example.com", other),
			upstream: upstreamOf(resources.Update, resources.UnknownValue()),
			action:   resources.Update, code: CertificateKnownAfterApply, attr: resources.UnknownValue()},
		{name: "known, store lacks it", store: storeWith(javaks.JKS),
			upstream: upstreamOf(resources.NoOp, derValue(t, web.Raw)),
			action:   resources.Update, code: EntryMissing, attr: resources.V(fp)},
		{name: "known, alias holds another", store: storeWith(javaks.JKS, "ece.example.com", other),
			upstream: upstreamOf(resources.NoOp, derValue(t, web.Raw)),
			action:   resources.Update, code: AliasHoldsOtherCertificate, attr: resources.V(fp)},
		{name: "known and present", store: storeWith(javaks.JKS, "ece.example.com", web),
			upstream: upstreamOf(resources.NoOp, derValue(t, web.Raw)),
			action:   resources.NoOp, attr: resources.V(fp)},
		{name: "store absent, being made", store: nil,
			upstream: upstreamOf(resources.Create, resources.UnknownValue()),
			action:   resources.Create, code: StoreMissing, attr: resources.UnknownValue()},
		{name: "not a dependency", store: storeWith(javaks.JKS),
			upstream: map[resources.Addr]resources.Change{}, err: "is not a dependency"},
		{name: "upstream without a certificate", store: storeWith(javaks.JKS),
			upstream: map[resources.Addr]resources.Change{webCert: {Addr: webCert, Action: resources.NoOp}}, err: "has no certificate"},
		{name: "corrupt upstream value", store: storeWith(javaks.JKS),
			upstream: upstreamOf(resources.NoOp, resources.V("!!")), err: "not base64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newMemHost("ads-a")
			if tc.store != nil {
				h.files[testPath] = encode(t, tc.store)
			}
			c := config(h, "jks", true)
			c.FromUpstream = []spec.TrustFrom{{Alias: "ece.example.com", Certificate: webCert}}
			r := New(c)
			cur, err := r.Read(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ch, err := r.Plan(resources.PlanInput{Current: cur, Upstream: tc.upstream, Now: testNow})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ch.Action != tc.action {
				t.Fatalf("action = %s, want %s (%v)", ch.Action.Word(), tc.action.Word(), ch.Reasons)
			}
			if got := ch.After[entryAttr("ece.example.com")]; got != tc.attr {
				t.Errorf("entry attr = %+v, want %+v", got, tc.attr)
			}
			if tc.code != "" && !hasReason(ch, tc.code) {
				t.Errorf("reasons %v lack %s", ch.Reasons, tc.code)
			}
		})
	}
}

// TestApplyFromUpstream applies with the certificate known (as the engine
// does after the certificate was applied) and converges.
func TestApplyFromUpstream(t *testing.T) {
	web := newCA(t, "ece.example.com")
	h := newMemHost("ads-a")
	h.files[testPath] = encode(t, storeWith(javaks.JKS, "unrelated", newCA(t, "x")))
	c := config(h, "jks", false)
	c.FromUpstream = []spec.TrustFrom{{Alias: "ece.example.com", Certificate: webCert}}
	r := New(c)
	up := upstreamOf(resources.NoOp, derValue(t, web.Raw))
	ctx := context.Background()
	cur, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: cur, Upstream: up, Now: testNow})
	if err != nil || ch.Action != resources.Update {
		t.Fatalf("plan: %v %v", ch.Action.Word(), err)
	}
	if _, err := r.Apply(ctx, ch); err != nil {
		t.Fatal(err)
	}
	again, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again.Attrs[attrUnmanaged].S != "1" {
		t.Errorf("unmanaged = %q, want 1 (the upstream entry is managed)", again.Attrs[attrUnmanaged].S)
	}
	check, err := r.Plan(resources.PlanInput{Current: again, Upstream: up, Now: testNow})
	if err != nil || check.Action != resources.NoOp {
		t.Fatalf("second plan: %v %v %v", check.Action.Word(), check.Reasons, err)
	}
}

func hasReason(ch resources.Change, code string) bool {
	for _, r := range ch.Reasons {
		if r.Code == code {
			return true
		}
	}
	return false
}
