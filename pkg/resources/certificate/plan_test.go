package certificate

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/testkit"
	"github.com/ecereconcile/ecereconcile/pkg/certgen"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// planEnv is one plan test's world; setup fills it.
type planEnv struct {
	ops      *fakeOps
	fs       files
	inst     spec.CertificateInst
	upstream map[resources.Addr]resources.Change
	now      time.Time
	// wantAfter adds expectations computed by setup.
	wantAfter map[string]string
}

// seedRequest makes a pending request with the shared request key and
// returns it.
func (e *planEnv) seedRequest(t *testing.T) winops.PendingRequest {
	t.Helper()
	keys(t)
	e.ops.keys = append(e.ops.keys, rsaReq)
	pr, err := e.ops.NewRequest(context.Background(), winops.CertRequest{
		CommonName: testFQDN, DNSNames: []string{testFQDN}, KeySize: 2048, FriendlyName: DefaultFriendlyName})
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

// upstreamIssuer is the issuer's planned change with the given thumbprint
// value (absent when v is nil).
func upstreamIssuer(action resources.Action, v *resources.Value) map[resources.Addr]resources.Change {
	after := resources.Attrs{AttrSource: resources.V("self-signed")}
	if v != nil {
		after[AttrThumbprint] = *v
	}
	return map[resources.Addr]resources.Change{issuer: {Addr: issuer, Action: action, After: after}}
}

// upstreamKnown is the issuer's NoOp change holding der.
func upstreamKnown(der []byte) map[resources.Addr]resources.Change {
	info, _ := certgen.Inspect(der)
	after := certAttrs(info, der)
	return map[resources.Addr]resources.Change{issuer: {Addr: issuer, Action: resources.NoOp, Before: after, After: after}}
}

func TestPlan(t *testing.T) {
	keys(t)
	unknown := resources.UnknownValue()
	soon := testNow.Add(12*24*time.Hour + time.Hour)
	fn := DefaultFriendlyName
	tests := map[string]struct {
		setup      func(t *testing.T, e *planEnv)
		wantAction resources.Action
		wantCodes  []string
		wantAfter  map[string]string // "?" unknown, "" absent
		wantMsg    string            // in some reason's message
		wantWarn   string            // in some warning of the state
		wantErr    string
	}{
		// self-signed
		"self-signed, store empty": {
			setup:      func(t *testing.T, e *planEnv) {},
			wantAction: resources.Create, wantCodes: []string{CertificateMissing},
			wantAfter: map[string]string{AttrThumbprint: "?", AttrSHA256: "?", AttrNotAfter: "?", AttrDER: "?",
				AttrSubject: "CN=" + testFQDN, AttrDNSNames: testFQDN, AttrKeySize: "2048", AttrHasPrivateKey: "true",
				AttrFriendlyName: fn, AttrSource: "self-signed"},
		},
		"self-signed, in place": {
			setup:      func(t *testing.T, e *planEnv) { e.ops.seed(mkCert(t, certSpec{}), rsa2048, fn) },
			wantAction: resources.NoOp,
		},
		"self-signed, found by the FQDN under another friendly name": {
			setup: func(t *testing.T, e *planEnv) {
				tp := e.ops.seed(mkCert(t, certSpec{}), rsa2048, "made by hand")
				e.ops.seed(mkCert(t, certSpec{cn: "other.example.com"}), rsa2048, "other site")
				e.wantAfter = map[string]string{AttrThumbprint: tp, AttrFriendlyName: "made by hand"}
			},
			wantAction: resources.NoOp,
		},
		"self-signed, the newest with the friendly name wins": {
			setup: func(t *testing.T, e *planEnv) {
				e.ops.seed(mkCert(t, certSpec{notAfter: soon}), rsa2048, fn)
				tp := e.ops.seed(mkCert(t, certSpec{}), rsa2048, fn)
				e.wantAfter = map[string]string{AttrThumbprint: tp}
			},
			wantAction: resources.NoOp, wantWarn: "1 other certificate for ece.example.com stays",
		},
		"self-signed, without its private key": {
			setup:      func(t *testing.T, e *planEnv) { e.ops.seed(mkCert(t, certSpec{}), nil, fn) },
			wantAction: resources.Update, wantCodes: []string{NoPrivateKey},
			wantAfter: map[string]string{AttrThumbprint: "?", AttrHasPrivateKey: "true"},
		},
		"self-signed, FQDN not in the names": {
			setup: func(t *testing.T, e *planEnv) {
				e.ops.seed(mkCert(t, certSpec{cn: "ucsvreceweb.example.com"}), rsa2048, fn)
			},
			wantAction: resources.Update, wantCodes: []string{FQDNNotInNames, NamesDiffer},
			wantMsg: `"ece.example.com" is neither the CN nor a DNS SAN (CN=ucsvreceweb.example.com, SANs: ucsvreceweb.example.com)`,
		},
		"self-signed, the spec adds a SAN": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.DNSNames = []string{"chat.example.com", testFQDN}
				e.ops.seed(mkCert(t, certSpec{}), rsa2048, fn)
			},
			wantAction: resources.Update, wantCodes: []string{NamesDiffer},
			wantAfter: map[string]string{AttrDNSNames: "chat.example.com, ece.example.com"},
		},
		"self-signed, the CN is always a SAN": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.DNSNames = []string{"chat.example.com"}
				e.ops.seed(mkCert(t, certSpec{dns: []string{"chat.example.com", testFQDN}}), rsa2048, fn)
			},
			wantAction: resources.NoOp,
		},
		"self-signed, key too small": {
			setup:      func(t *testing.T, e *planEnv) { e.ops.seed(mkCert(t, certSpec{key: rsa1024}), rsa1024, fn) },
			wantAction: resources.Update, wantCodes: []string{KeyTooSmall},
			wantMsg: "the key is RSA 1024 bits; want RSA of at least 2048 bits",
		},
		"self-signed, smaller than the spec's keySize": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.KeySize = 3072
				e.ops.seed(mkCert(t, certSpec{}), rsa2048, fn)
			},
			wantAction: resources.Update, wantCodes: []string{KeyTooSmall},
			wantAfter: map[string]string{AttrKeySize: "3072"},
		},
		"self-signed, 12 days left": {
			setup:      func(t *testing.T, e *planEnv) { e.ops.seed(mkCert(t, certSpec{notAfter: soon}), rsa2048, fn) },
			wantAction: resources.Update, wantCodes: []string{ExpiresSoon},
			wantMsg: "expires in 12 days; renewBefore is 30d",
		},
		"self-signed, clock past NotAfter": {
			setup: func(t *testing.T, e *planEnv) {
				e.ops.seed(mkCert(t, certSpec{notAfter: soon}), rsa2048, fn)
				e.now = soon.Add(3*24*time.Hour + time.Minute)
			},
			wantAction: resources.Update, wantCodes: []string{Expired},
			wantMsg: "expired 3 days ago",
		},

		// pfx
		"pfx, store empty": {
			setup: func(t *testing.T, e *planEnv) {
				der := mkCert(t, certSpec{})
				e.fs[testPFXPath] = pfxOf(t, der)
				e.wantAfter = map[string]string{AttrThumbprint: certgen.Thumbprint(der), AttrSHA256: certgen.SHA256(der)}
			},
			wantAction: resources.Create, wantCodes: []string{CertificateMissing},
			wantAfter: map[string]string{AttrHasPrivateKey: "true", AttrSource: "pfx", AttrFriendlyName: fn},
		},
		"pfx, another certificate in place": {
			setup: func(t *testing.T, e *planEnv) {
				e.ops.seed(mkCert(t, certSpec{}), rsa2048, fn)
				der := mkCert(t, certSpec{})
				e.fs[testPFXPath] = pfxOf(t, der)
				e.wantAfter = map[string]string{AttrThumbprint: certgen.Thumbprint(der)}
			},
			wantAction: resources.Update, wantCodes: []string{DiffersFromPFX},
		},
		"pfx, in place under another friendly name": {
			setup: func(t *testing.T, e *planEnv) {
				der := mkCert(t, certSpec{})
				e.ops.seed(mkCert(t, certSpec{}), rsa2048, fn) // newer friendly-named one loses to the PFX's leaf
				e.ops.seed(der, rsa2048, "imported by hand")
				e.fs[testPFXPath] = pfxOf(t, der)
				e.wantAfter = map[string]string{AttrThumbprint: certgen.Thumbprint(der)}
			},
			wantAction: resources.NoOp,
		},
		"pfx, in place without its key": {
			setup: func(t *testing.T, e *planEnv) {
				der := mkCert(t, certSpec{})
				e.ops.seed(der, nil, fn)
				e.fs[testPFXPath] = pfxOf(t, der)
			},
			wantAction: resources.Update, wantCodes: []string{NoPrivateKey},
		},
		"pfx, expires soon": {
			setup: func(t *testing.T, e *planEnv) {
				der := mkCert(t, certSpec{notAfter: soon})
				e.ops.seed(der, rsa2048, fn)
				e.fs[testPFXPath] = pfxOf(t, der)
			},
			wantAction: resources.NoOp, wantCodes: []string{ExpiresSoon},
			wantMsg: "give a new PFX before then",
		},
		"pfx, names another server": {
			setup: func(t *testing.T, e *planEnv) {
				e.fs[testPFXPath] = pfxOf(t, mkCert(t, certSpec{cn: "web1.example.com"}))
			},
			wantErr: "the PFX /ops/certs/ece.pfx: \"ece.example.com\" is neither the CN nor a DNS SAN", wantCodes: []string{FQDNNotInNames},
		},
		"pfx, key too small": {
			setup: func(t *testing.T, e *planEnv) {
				e.fs[testPFXPath] = pfxOf(t, mkCert(t, certSpec{key: rsa1024}), rsa1024)
			},
			wantErr: "the key is RSA 1024 bits", wantCodes: []string{KeyTooSmall},
		},
		"pfx, expired": {
			setup: func(t *testing.T, e *planEnv) {
				e.fs[testPFXPath] = pfxOf(t, mkCert(t, certSpec{notAfter: testNow.Add(-time.Hour)}))
			},
			wantErr: "its certificate expired less than a day ago", wantCodes: []string{Expired},
		},

		// shared copy
		"copy, issuer's certificate unknown, store empty": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.Issuer = issuer
				e.upstream = upstreamIssuer(resources.Create, &unknown)
			},
			wantAction: resources.Create, wantCodes: []string{DiffersFromIssuer},
			wantAfter: map[string]string{AttrThumbprint: "?", AttrDER: "?", AttrSubject: "?", AttrHasPrivateKey: "true",
				AttrCopiedFrom: issuer.String()},
		},
		"copy, issuer re-issues": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.Issuer = issuer
				e.ops.seed(mkCert(t, certSpec{}), rsa2048, fn)
				e.upstream = upstreamIssuer(resources.Update, &unknown)
			},
			wantAction: resources.Update, wantCodes: []string{DiffersFromIssuer},
			wantAfter: map[string]string{AttrThumbprint: "?"},
		},
		"copy, in place": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.Issuer = issuer
				der := mkCert(t, certSpec{})
				e.ops.seed(der, rsa2048, fn)
				e.upstream = upstreamKnown(der)
			},
			wantAction: resources.NoOp,
		},
		"copy, another certificate in place": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.Issuer = issuer
				e.ops.seed(mkCert(t, certSpec{}), rsa2048, fn)
				der := mkCert(t, certSpec{})
				e.upstream = upstreamKnown(der)
				e.wantAfter = map[string]string{AttrThumbprint: certgen.Thumbprint(der), AttrSHA256: certgen.SHA256(der)}
			},
			wantAction: resources.Update, wantCodes: []string{DiffersFromIssuer},
		},
		"copy, store empty": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.Issuer = issuer
				der := mkCert(t, certSpec{})
				e.upstream = upstreamKnown(der)
				e.wantAfter = map[string]string{AttrThumbprint: certgen.Thumbprint(der)}
			},
			wantAction: resources.Create, wantCodes: []string{CertificateMissing},
		},
		"copy, in place without its key": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.Issuer = issuer
				der := mkCert(t, certSpec{})
				e.ops.seed(der, nil, fn)
				e.upstream = upstreamKnown(der)
			},
			wantAction: resources.Update, wantCodes: []string{NoPrivateKey},
		},
		"copy, issuer has no certificate yet": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.Issuer = issuer
				e.upstream = upstreamIssuer(resources.NoOp, nil)
			},
			wantAction: resources.NoOp, wantCodes: []string{IssuerNotReady},
		},
		"copy, issuer's certificate shadowed by a later one": {
			setup: func(t *testing.T, e *planEnv) {
				e.inst.Issuer = issuer
				der := mkCert(t, certSpec{})
				e.ops.seed(der, rsa2048, fn)
				e.ops.seed(mkCert(t, certSpec{notAfter: testNow.AddDate(3, 0, 0)}), rsa2048, fn)
				e.upstream = upstreamKnown(der)
			},
			wantErr: "rename or remove one by hand", wantCodes: []string{AmbiguousCertificate},
		},
		"copy, issuer not a dependency": {
			setup:   func(t *testing.T, e *planEnv) { e.inst.Issuer = issuer },
			wantErr: "is not a dependency",
		},

		// csr
		"csr, nothing yet": {
			setup:      func(t *testing.T, e *planEnv) {},
			wantAction: resources.Create, wantCodes: []string{RequestNeeded},
			wantAfter: map[string]string{AttrPendingReq: "?", AttrCSRFile: "/ops/csr/ece-web-a.csr.pem", AttrThumbprint: ""},
			wantMsg:   "the CSR is written to /ops/csr/ece-web-a.csr.pem",
		},
		"csr, request pending": {
			setup: func(t *testing.T, e *planEnv) {
				pr := e.seedRequest(t)
				e.fs[testCSRDir+"/ece-web-a.csr.pem"] = pr.CSR
			},
			wantAction: resources.NoOp, wantCodes: []string{AwaitingSignedCertificate},
			wantWarn: "send /ops/csr/ece-web-a.csr.pem to your CA, then set csr.signedCertificate",
		},
		"csr, request pending, CSR file lost": {
			setup:      func(t *testing.T, e *planEnv) { e.seedRequest(t) },
			wantAction: resources.Create, wantCodes: []string{CSRFileMissing},
		},
		"csr, request pending for another site is not ours": {
			setup: func(t *testing.T, e *planEnv) {
				e.ops.keys = append(e.ops.keys, rsaReq)
				_, err := e.ops.NewRequest(context.Background(), winops.CertRequest{CommonName: "intranet.example.com", KeySize: 2048})
				if err != nil {
					t.Fatal(err)
				}
			},
			wantAction: resources.Create, wantCodes: []string{RequestNeeded},
		},
		"csr, signed certificate ready": {
			setup: func(t *testing.T, e *planEnv) {
				pr := e.seedRequest(t)
				e.fs[testCSRDir+"/ece-web-a.csr.pem"] = pr.CSR
				der := signCSR(t, pr.CSR, 365*24*time.Hour)
				e.fs[testSignedPath] = append(pemCert(der), pemCert(caCert.Raw)...) // with the chain
				e.inst.SignedCertificate = testSignedPath
				e.wantAfter = map[string]string{AttrThumbprint: certgen.Thumbprint(der), AttrPendingReq: ""}
			},
			wantAction: resources.Create, wantCodes: []string{SignedCertificateReady},
		},
		"csr, signed certificate for another request": {
			setup: func(t *testing.T, e *planEnv) {
				e.seedRequest(t)
				e.fs[testSignedPath] = pemCert(mkCert(t, certSpec{}))
				e.inst.SignedCertificate = testSignedPath
			},
			wantErr: "answers no request pending on ece-web-a and is not installed", wantCodes: []string{SignedCertificateMismatch},
		},
		"csr, signed certificate installed": {
			setup: func(t *testing.T, e *planEnv) {
				der := mkCert(t, certSpec{})
				e.ops.seed(der, rsa2048, fn)
				e.fs[testSignedPath] = der // DER this time
				e.inst.SignedCertificate = testSignedPath
			},
			wantAction: resources.NoOp,
		},
		"csr, expires soon, no request": {
			setup: func(t *testing.T, e *planEnv) {
				der := mkCert(t, certSpec{notAfter: soon})
				e.ops.seed(der, rsa2048, fn)
				e.fs[testSignedPath] = pemCert(der)
				e.inst.SignedCertificate = testSignedPath
			},
			wantAction: resources.Update, wantCodes: []string{ExpiresSoon, RequestNeeded},
		},
		"csr, expires soon, renewal request pending": {
			setup: func(t *testing.T, e *planEnv) {
				der := mkCert(t, certSpec{notAfter: soon})
				e.ops.seed(der, rsa2048, fn)
				e.fs[testSignedPath] = pemCert(der)
				e.inst.SignedCertificate = testSignedPath
				pr := e.seedRequest(t)
				e.fs[testCSRDir+"/ece-web-a.csr.pem"] = pr.CSR
			},
			wantAction: resources.NoOp, wantCodes: []string{ExpiresSoon, AwaitingSignedCertificate},
		},
	}
	seen := map[string]bool{}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			src := spec.CertSourceSelfSigned
			switch {
			case strings.HasPrefix(name, "pfx"):
				src = spec.CertSourcePFX
			case strings.HasPrefix(name, "csr"):
				src = spec.CertSourceCSR
			}
			e := &planEnv{ops: newFakeOps(), fs: files{}, inst: inst(src), now: testNow}
			tc.setup(t, e)
			addr := testAddr
			if e.inst.Issuer != (resources.Addr{}) {
				addr = copyAddr
			}
			r := New(config(addr, e.ops, e.inst, e.fs))
			cur, err := r.Read(context.Background())
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			in := resources.PlanInput{Current: cur, Upstream: e.upstream, Now: e.now}
			ch, err := r.Plan(in)
			var codes []string
			for _, rs := range ch.Reasons {
				codes = append(codes, rs.Code)
				seen[rs.Code] = true
				if rs.Message == "" {
					t.Errorf("reason %s has no message", rs.Code)
				}
			}
			if !reflect.DeepEqual(codes, tc.wantCodes) {
				t.Errorf("reasons %v, want %v (%v)", codes, tc.wantCodes, ch.Reasons)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			if ch.Action != tc.wantAction {
				t.Errorf("action %s, want %s (reasons %v)", ch.Action.Word(), tc.wantAction.Word(), ch.Reasons)
			}
			if ch.Action == resources.Create && ch.Before != nil {
				t.Errorf("a create has Before %v", ch.Before)
			}
			if ch.Action != resources.NoOp {
				if _, ok := ch.Private.(*planned); !ok {
					t.Errorf("a change without a plan for Apply")
				}
			}
			if tc.wantMsg != "" && !slices.ContainsFunc(ch.Reasons, func(r resources.Reason) bool { return strings.Contains(r.Message, tc.wantMsg) }) {
				t.Errorf("no reason message contains %q: %v", tc.wantMsg, ch.Reasons)
			}
			if tc.wantWarn != "" && !slices.ContainsFunc(cur.Warnings, func(w string) bool { return strings.Contains(w, tc.wantWarn) }) {
				t.Errorf("no warning contains %q: %q", tc.wantWarn, cur.Warnings)
			}
			checkAfter(t, ch.After, tc.wantAfter)
			checkAfter(t, ch.After, e.wantAfter)
			if der, ok := ch.After[AttrDER]; ok && !der.Internal {
				t.Errorf("der is not Internal")
			}
			again, err := r.Plan(in)
			if err != nil || again.Action != ch.Action || !reflect.DeepEqual(again.After, ch.After) || !reflect.DeepEqual(again.Reasons, ch.Reasons) {
				t.Errorf("Plan is not deterministic")
			}
		})
	}
	for _, code := range reasonCodes(t) {
		if !seen[code] {
			t.Errorf("reason code %s is planned by no test case", code)
		}
	}
}

// checkAfter compares attributes: "?" unknown, "" absent.
func checkAfter(t *testing.T, after resources.Attrs, want map[string]string) {
	t.Helper()
	for k, w := range want {
		got, ok := after[k]
		switch {
		case w == "?" && !got.Unknown:
			t.Errorf("After[%s] = %+v, want unknown", k, got)
		case w == "" && ok:
			t.Errorf("After[%s] = %+v, want absent", k, got)
		case w != "?" && w != "" && (got.S != w || got.Unknown):
			t.Errorf("After[%s] = %+v, want %q", k, got, w)
		}
	}
}

// reasonCodes lists the constants of reasons.go.
func reasonCodes(t *testing.T) []string {
	return testkit.ReasonCodes(t, "reasons.go", 10)
}

func TestCheckNames(t *testing.T) {
	tests := map[string]struct {
		fqdn, cn string
		dns      []string
		wantErr  string
	}{
		"CN":                        {testFQDN, testFQDN, nil, ""},
		"CN in another case":        {testFQDN, "ECE.Example.COM", nil, ""},
		"SAN":                       {testFQDN, "web1", []string{"web1.example.com", testFQDN}, ""},
		"wildcard SAN":              {testFQDN, "web1", []string{"*.example.com"}, ""},
		"wildcard covers one label": {"a.ece.example.com", "web1", []string{"*.example.com"}, `"a.ece.example.com" is neither the CN nor a DNS SAN (CN=web1, SANs: *.example.com)`},
		"mismatch, no SANs":         {testFQDN, "ucsvreceweb.example.com", nil, `"ece.example.com" is neither the CN nor a DNS SAN (CN=ucsvreceweb.example.com, no DNS SANs)`},
		"no FQDN":                   {"", testFQDN, nil, "no FQDN to look for"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := CheckNames(tt.fqdn, tt.cn, tt.dns)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("CheckNames: %v", err)
			case tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr):
				t.Errorf("CheckNames = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
