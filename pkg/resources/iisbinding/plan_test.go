package iisbinding

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/testkit"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

const (
	tpA = "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567"
	tpB = "FEDCBA9876543210FEDCBA9876543210FEDCBA98"
)

var (
	testAddr = resources.Addr{Kind: Kind, Name: "ece_https", Host: "ece-web-a"}
	certAddr = resources.Addr{Kind: "certificate", Name: "ece_web", Host: "ece-web-a"}

	httpBinding = winops.Binding{Protocol: "http", Information: "*:80:"}
	good        = winops.Binding{Protocol: "https", Information: "*:443:"}
	goodSSL     = winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: tpA, AppID: winops.IISAppID, CertStoreName: winops.StoreMy}
)

// upstream is the certificate resource's change with the thumbprint v
// (absent when v is nil).
func upstream(action resources.Action, v *resources.Value) map[resources.Addr]resources.Change {
	after := resources.Attrs{"source": resources.V("self-signed")}
	if v != nil {
		after[AttrThumbprint] = *v
	}
	return map[resources.Addr]resources.Change{certAddr: {Addr: certAddr, Action: action, Before: after, After: after}}
}

func known(tp string) map[resources.Addr]resources.Change {
	v := resources.V(tp)
	return upstream(resources.NoOp, &v)
}

func newResource(ops *fakeOps) *Resource {
	return New(Config{Addr: testAddr, DependsOn: []resources.Addr{certAddr}, Ops: ops, Certificate: certAddr})
}

func with(b winops.Binding, flags int) winops.Binding { b.SSLFlags = flags; return b }

func TestPlan(t *testing.T) {
	unknown := resources.UnknownValue()
	tests := map[string]struct {
		bindings   []winops.Binding
		ssl        []winops.SSLBinding
		noSite     bool
		upstream   map[resources.Addr]resources.Change
		wantAction resources.Action
		wantCodes  []string
		wantAfter  map[string]string // "?" unknown
		wantMsg    string
		wantWarn   string
		wantErr    string
	}{
		"fresh server": {
			bindings: []winops.Binding{httpBinding}, upstream: known(tpA),
			wantAction: resources.Create, wantCodes: []string{BindingMissing, SSLCertMissing},
			wantAfter: map[string]string{AttrBinding: "*:443:", AttrSSLFlags: "0", AttrSNI: "off", AttrHostName: "",
				AttrEndpoint: "0.0.0.0:443", AttrCertHash: tpA, AttrAppID: winops.IISAppID, AttrCertStore: "MY"},
		},
		"fresh server, certificate being made": {
			bindings: []winops.Binding{httpBinding}, upstream: upstream(resources.Create, &unknown),
			wantAction: resources.Create, wantCodes: []string{BindingMissing, SSLCertMissing},
			wantAfter: map[string]string{AttrCertHash: "?"}, wantMsg: "(known after apply)",
		},
		"in place": {
			bindings: []winops.Binding{httpBinding, good}, ssl: []winops.SSLBinding{goodSSL}, upstream: known(tpA),
			wantAction: resources.NoOp,
		},
		"thumbprints compare in any case": {
			bindings: []winops.Binding{good}, ssl: []winops.SSLBinding{{Endpoint: "0.0.0.0:443", CertHash: strings.ToLower(tpA), AppID: strings.ToUpper(winops.IISAppID), CertStoreName: "My"}},
			upstream: known(tpA), wantAction: resources.NoOp,
		},
		"host name set": {
			bindings: []winops.Binding{{Protocol: "https", Information: "*:443:ece.example.com"}}, ssl: []winops.SSLBinding{goodSSL}, upstream: known(tpA),
			wantAction: resources.Update, wantCodes: []string{HostNameSet},
			wantAfter: map[string]string{AttrBinding: "*:443:", AttrHostName: ""},
		},
		"SNI on, other bits kept": {
			bindings: []winops.Binding{with(good, winops.SSLFlagSNI|winops.SSLFlagDisableHTTP2)}, ssl: []winops.SSLBinding{goodSSL}, upstream: known(tpA),
			wantAction: resources.Update, wantCodes: []string{SNIEnabled},
			wantAfter: map[string]string{AttrSSLFlags: "4", AttrSNI: "off"}, wantMsg: "sslFlags becomes 4",
		},
		"host name and SNI, as IIS Manager leaves them": {
			bindings:   []winops.Binding{with(winops.Binding{Protocol: "https", Information: "*:443:ece.example.com"}, winops.SSLFlagSNI)},
			ssl:        []winops.SSLBinding{{Endpoint: "ece.example.com:443", CertHash: tpA, AppID: winops.IISAppID, CertStoreName: "MY"}},
			upstream:   known(tpA),
			wantAction: resources.Update, wantCodes: []string{HostNameSet, SNIEnabled, SSLCertMissing},
			wantWarn: "SNI binding ece.example.com:443",
		},
		"specific IP": {
			bindings: []winops.Binding{{Protocol: "https", Information: "10.0.0.5:443:"}}, ssl: []winops.SSLBinding{goodSSL}, upstream: known(tpA),
			wantAction: resources.Update, wantCodes: []string{IPNotAll},
		},
		"specific IPv6 with its http.sys entry": {
			bindings:   []winops.Binding{{Protocol: "https", Information: "[fe80::1]:443:"}},
			ssl:        []winops.SSLBinding{goodSSL, {Endpoint: "[fe80::1]:443", CertHash: tpB, AppID: winops.IISAppID, CertStoreName: "MY"}},
			upstream:   known(tpA),
			wantAction: resources.Update, wantCodes: []string{IPNotAll}, wantWarn: "takes precedence over 0.0.0.0:443",
		},
		"http.sys binding missing": {
			bindings: []winops.Binding{good}, upstream: known(tpA),
			wantAction: resources.Update, wantCodes: []string{SSLCertMissing},
			wantAfter: map[string]string{AttrCertHash: tpA, AttrSSLFlags: "0"},
		},
		"http.sys binds another certificate": {
			bindings: []winops.Binding{good}, ssl: []winops.SSLBinding{goodSSL}, upstream: known(tpB),
			wantAction: resources.Update, wantCodes: []string{CertificateDiffers},
			wantAfter: map[string]string{AttrCertHash: tpB}, wantMsg: "it becomes certificate " + tpB,
		},
		"certificate re-issued in this run": {
			bindings: []winops.Binding{good}, ssl: []winops.SSLBinding{goodSSL}, upstream: upstream(resources.Update, &unknown),
			wantAction: resources.Update, wantCodes: []string{CertificateDiffers},
			wantAfter: map[string]string{AttrCertHash: "?"},
		},
		"another application's http.sys binding": {
			bindings: []winops.Binding{good}, ssl: []winops.SSLBinding{{Endpoint: "0.0.0.0:443", CertHash: tpA, AppID: "{00000000-0000-0000-0000-000000000001}", CertStoreName: "MY"}},
			upstream: known(tpA), wantAction: resources.Update, wantCodes: []string{AppIDDiffers},
		},
		"certificate looked up in another store": {
			bindings: []winops.Binding{good}, ssl: []winops.SSLBinding{{Endpoint: "0.0.0.0:443", CertHash: tpA, AppID: winops.IISAppID, CertStoreName: "WebHosting"}},
			upstream: known(tpA), wantAction: resources.Update, wantCodes: []string{StoreDiffers},
		},
		"https on another port is not ours": {
			bindings: []winops.Binding{good, {Protocol: "https", Information: "*:8443:admin.example.com", SSLFlags: 1}},
			ssl:      []winops.SSLBinding{goodSSL}, upstream: known(tpA), wantAction: resources.NoOp,
		},
		"other https bindings on the port": {
			bindings: []winops.Binding{good, {Protocol: "https", Information: "*:443:ece.example.com", SSLFlags: 1}},
			ssl:      []winops.SSLBinding{goodSSL}, upstream: known(tpA),
			wantCodes: []string{OtherHTTPSBindings}, wantErr: "(*:443:ece.example.com) besides *:443:; remove them by hand",
		},
		"site missing": {
			noSite: true, upstream: known(tpA),
			wantCodes: []string{SiteMissing}, wantErr: `IIS site "Default Web Site" does not exist on ece-web-a`,
		},
		"certificate awaits the CA": {
			bindings: []winops.Binding{httpBinding}, upstream: upstream(resources.NoOp, nil),
			wantAction: resources.NoOp, wantCodes: []string{CertificateNotReady},
		},
		"certificate not a dependency": {
			bindings: []winops.Binding{good}, wantErr: "is not a dependency",
		},
	}
	seen := map[string]bool{}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ops := newFakeOps(tc.bindings...)
			ops.ssl = tc.ssl
			if tc.noSite {
				ops.sites = nil
			}
			r := newResource(ops)
			cur, err := r.Read(context.Background())
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			in := resources.PlanInput{Current: cur, Upstream: tc.upstream}
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
				t.Errorf("action %s, want %s (%v)", ch.Action.Word(), tc.wantAction.Word(), ch.Reasons)
			}
			for k, w := range tc.wantAfter {
				got := ch.After[k]
				if (w == "?") != got.Unknown || (w != "?" && got.S != w) {
					t.Errorf("After[%s] = %+v, want %q", k, got, w)
				}
			}
			if tc.wantMsg != "" && !slices.ContainsFunc(ch.Reasons, func(r resources.Reason) bool { return strings.Contains(r.Message, tc.wantMsg) }) {
				t.Errorf("no reason message contains %q: %v", tc.wantMsg, ch.Reasons)
			}
			if tc.wantWarn != "" && !slices.ContainsFunc(cur.Warnings, func(w string) bool { return strings.Contains(w, tc.wantWarn) }) {
				t.Errorf("no warning contains %q: %q", tc.wantWarn, cur.Warnings)
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

// reasonCodes lists the constants of reasons.go.
func reasonCodes(t *testing.T) []string {
	return testkit.ReasonCodes(t, "reasons.go", 10)
}

func TestParseInfo(t *testing.T) {
	tests := map[string]struct {
		in   string
		want info
		ok   bool
	}{
		"all unassigned": {"*:443:", info{"*", 443, ""}, true},
		"host name":      {"*:443:ece.example.com", info{"*", 443, "ece.example.com"}, true},
		"IPv4":           {"10.0.0.5:8443:", info{"10.0.0.5", 8443, ""}, true},
		"IPv6":           {"[fe80::1]:443:", info{"[fe80::1]", 443, ""}, true},
		"no port":        {"*::", info{}, false},
		"no host part":   {"*:443", info{}, false},
		"port too large": {"*:70000:", info{}, false},
		"net.tcp":        {"808:*", info{}, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := parseInfo(tt.in)
			if ok != tt.ok || got != tt.want {
				t.Errorf("parseInfo(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if ok && got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}
