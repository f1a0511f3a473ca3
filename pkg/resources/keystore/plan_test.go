package keystore

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"reflect"
	"strings"
	"testing"
	"time"

	keystorego "github.com/pavlo-v-chernykh/keystore-go/v4"

	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// withPrivateKey returns a JKS holding a private key entry under alias,
// with cert as its chain (built with keystore-go: javaks never writes keys).
func withPrivateKey(t *testing.T, alias string, cert *x509.Certificate) *javaks.Store {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	ks := keystorego.New()
	err = ks.SetPrivateKeyEntry(alias, keystorego.PrivateKeyEntry{
		CreationTime:     testNow,
		PrivateKey:       pkcs8,
		CertificateChain: []keystorego.Certificate{{Type: "X.509", Content: cert.Raw}},
	}, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ks.Store(&buf, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	s, err := javaks.Decode(buf.Bytes(), []byte(testPassword), javaks.JKS)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPlan(t *testing.T) {
	ad, web, other := newCA(t, "ad"), newCA(t, "ece-web"), newCA(t, "other")
	expired := *newCA(t, "expired")
	expired.NotAfter = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // only NotAfter is read
	fp := javaks.SHA256Fingerprint
	absent := func(*Resource) resources.State {
		return resources.State{Exists: false, Attrs: resources.Attrs{attrPath: resources.V(testPath), attrType: resources.V("jks")}}
	}
	existing := func(s *javaks.Store) func(*Resource) resources.State {
		return func(r *Resource) resources.State { return r.stateOf(s, encode(t, s)) }
	}
	tests := map[string]struct {
		create     bool
		entries    []spec.TrustEntry
		current    func(*Resource) resources.State
		wantAction resources.Action
		wantCodes  []string
		wantAfter  map[string]string // attributes of After to check; "" means absent
		wantErr    string
	}{
		"store missing, create": {
			create: true, entries: []spec.TrustEntry{entry("MyDomainController", ad)}, current: absent,
			wantAction: resources.Create, wantCodes: []string{StoreMissing},
			wantAfter: map[string]string{
				"entry[mydomaincontroller]": "SHA256 " + fp(ad), attrUnmanaged: "0",
				attrPassword: "env:" + testPasswordEnv, attrType: "jks",
			},
		},
		"store missing, no create": {
			entries: []spec.TrustEntry{entry("a", ad)}, current: absent,
			wantErr: "keystore does not exist and create is false",
		},
		"entry present": {
			entries: []spec.TrustEntry{entry("a", ad)}, current: existing(storeWith(javaks.JKS, "a", ad, "x", other)),
			wantAction: resources.NoOp,
			wantAfter:  map[string]string{"entry[a]": "SHA256 " + fp(ad), attrUnmanaged: "1"},
		},
		"alias differs only in case": {
			entries: []spec.TrustEntry{entry("MyDC", ad)}, current: existing(storeWith(javaks.PKCS12, "mydc", ad)),
			wantAction: resources.NoOp,
		},
		"entry missing": {
			entries: []spec.TrustEntry{entry("ece.example.com", web)}, current: existing(storeWith(javaks.JKS, "x", other)),
			wantAction: resources.Update, wantCodes: []string{EntryMissing},
			wantAfter: map[string]string{"entry[ece.example.com]": "SHA256 " + fp(web), attrUnmanaged: "1"},
		},
		"alias holds another certificate": {
			entries: []spec.TrustEntry{entry("a", web)}, current: existing(storeWith(javaks.JKS, "a", other)),
			wantAction: resources.Update, wantCodes: []string{AliasHoldsOtherCertificate},
			wantAfter: map[string]string{"entry[a]": "SHA256 " + fp(web)},
		},
		"alias holds another certificate that is also elsewhere": {
			entries: []spec.TrustEntry{entry("a", web)}, current: existing(storeWith(javaks.JKS, "a", other, "b", web)),
			wantAction: resources.Update, wantCodes: []string{AliasHoldsOtherCertificate},
		},
		"present under another alias": {
			entries: []spec.TrustEntry{entry("ece.example.com", web)}, current: existing(storeWith(javaks.JKS, "ece-web-cert", web)),
			wantAction: resources.NoOp, wantCodes: []string{PresentUnderOtherAlias},
			wantAfter: map[string]string{"entry[ece.example.com]": ""},
		},
		"wanted certificate only under an alias being replaced": {
			entries:    []spec.TrustEntry{entry("root", ad), entry("x", other)},
			current:    existing(storeWith(javaks.JKS, "root", other)),
			wantAction: resources.Update, wantCodes: []string{AliasHoldsOtherCertificate, EntryMissing},
			wantAfter: map[string]string{"entry[root]": "SHA256 " + fp(ad), "entry[x]": "SHA256 " + fp(other)},
		},
		"root present, intermediate missing": {
			entries:    []spec.TrustEntry{entry("root", ad), entry("intermediate", web)},
			current:    existing(storeWith(javaks.JKS, "root", ad, "x", other)),
			wantAction: resources.Update, wantCodes: []string{EntryMissing},
			wantAfter: map[string]string{"entry[root]": "SHA256 " + fp(ad), "entry[intermediate]": "SHA256 " + fp(web), attrUnmanaged: "1"},
		},
		"alias holds a private key entry": {
			entries: []spec.TrustEntry{entry("server", web)}, current: existing(withPrivateKey(t, "server", other)),
			wantErr: `alias "server" holds a private key entry`,
		},
		"certificate not loaded": {
			entries: []spec.TrustEntry{{Alias: "a", Certificate: "certs/ad.cer"}}, current: absent, create: true,
			wantErr: "certificate certs/ad.cer was not loaded",
		},
		"certificate from a file has expired": {
			entries: []spec.TrustEntry{entry("old", &expired)}, current: absent, create: true,
			wantErr: `entry "old": certificate CN=expired from old.cer expired on 2020-01-01`,
		},
		"alias managed twice": {
			entries: []spec.TrustEntry{entry("a", ad), entry("A", web)}, current: absent, create: true,
			wantErr: `alias "a" is managed twice`,
		},
		"contents not read": {
			entries: []spec.TrustEntry{entry("a", ad)},
			current: func(*Resource) resources.State { return resources.State{Exists: true} },
			wantErr: "contents were not read",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := New(config(nil, "", tc.create, tc.entries...))
			in := resources.PlanInput{Current: tc.current(r), Now: testNow}
			ch, err := r.Plan(in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ch.Action != tc.wantAction {
				t.Errorf("action %s, want %s (reasons %v)", ch.Action.Word(), tc.wantAction.Word(), ch.Reasons)
			}
			var codes []string
			for _, rs := range ch.Reasons {
				codes = append(codes, rs.Code)
				if rs.Message == "" {
					t.Errorf("reason %s has no message", rs.Code)
				}
			}
			if !reflect.DeepEqual(codes, tc.wantCodes) {
				t.Errorf("reasons %v, want %v", codes, tc.wantCodes)
			}
			for k, want := range tc.wantAfter {
				got, ok := ch.After[k]
				if want == "" && ok {
					t.Errorf("After[%s] = %q, want absent", k, got.S)
				} else if want != "" && got.S != want {
					t.Errorf("After[%s] = %q, want %q", k, got.S, want)
				}
			}
			if pw := ch.After[attrPassword]; ch.After != nil && (!pw.Sensitive || strings.Contains(pw.S, testPassword)) {
				t.Errorf("password attribute %+v must be a sensitive reference", pw)
			}
			again, err := r.Plan(in)
			if err != nil || !reflect.DeepEqual(again.After, ch.After) || !reflect.DeepEqual(again.Reasons, ch.Reasons) || again.Action != ch.Action {
				t.Errorf("Plan is not deterministic")
			}
		})
	}
}

func TestPlanDoesNotTouchTheReadState(t *testing.T) {
	ad, web := newCA(t, "ad"), newCA(t, "web")
	r := New(config(nil, "", false, entry("a", ad), entry("b", web)))
	s := storeWith(javaks.JKS, "a", newCA(t, "old"))
	cur := r.stateOf(s, encode(t, s))
	before := cur.Attrs.Clone()
	if _, err := r.Plan(resources.PlanInput{Current: cur, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cur.Attrs, before) || s.Len() != 1 {
		t.Fatal("Plan modified the state it was given")
	}
}
