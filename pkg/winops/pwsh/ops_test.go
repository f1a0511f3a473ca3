package pwsh

import (
	"context"
	"crypto/sha1"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// TestOpsReplay runs every winops operation against recorded script
// output, success and failure.
func TestOpsReplay(t *testing.T) {
	ctx := context.Background()
	signed := []byte(recorded(t, "signed-by-ca.cer"))
	tests := map[string]struct {
		replies map[string]reply
		run     func(o *Ops) (any, error)
		check   func(t *testing.T, got any, f *fakeRunner)
		wantErr error  // errors.Is target, when an error is expected
		errText string // substring of the expected error
	}{
		"certificates": {
			replies: map[string]reply{opCertificates: ok(t, "certificates.out")},
			run:     func(o *Ops) (any, error) { return o.Certificates(ctx) },
			check: func(t *testing.T, got any, _ *fakeRunner) {
				certs := got.([]winops.Cert)
				if len(certs) != 2 || certs[0].FriendlyName != "ECE web 2026" || !certs[0].HasPrivateKey {
					t.Fatalf("certs = %+v", certs)
				}
				for _, c := range certs {
					sum := sha1.Sum(c.DER)
					if c.Thumbprint != strings.ToUpper(hex.EncodeToString(sum[:])) {
						t.Errorf("thumbprint %s is not the SHA-1 of the DER", c.Thumbprint)
					}
				}
			},
		},
		"certificates empty store": {
			replies: map[string]reply{opCertificates: {stdout: "\r\n[]\r\n"}},
			run:     func(o *Ops) (any, error) { return o.Certificates(ctx) },
			check: func(t *testing.T, got any, _ *fakeRunner) {
				if certs := got.([]winops.Cert); len(certs) != 0 {
					t.Errorf("certs = %+v, want none", certs)
				}
			},
		},
		"certificates thumbprint mismatch": {
			replies: map[string]reply{opCertificates: {stdout: `[{"Thumbprint":"` + strings.Repeat("0", 40) + `","RawData":"` + base64.StdEncoding.EncodeToString(signed) + `"}]`}},
			run:     func(o *Ops) (any, error) { return o.Certificates(ctx) },
			errText: "hashes to",
		},
		"import pfx": {
			replies: map[string]reply{opImportPFX: ok(t, "import_pfx.out")},
			run:     func(o *Ops) (any, error) { return o.ImportPFX(ctx, []byte{0x30, 0x82}, "changeit", "ECE web") },
			check: func(t *testing.T, got any, f *fakeRunner) {
				if got != "D213D158401413D4CE74716E77C2B766ABAD88D6" {
					t.Errorf("thumbprint = %v", got)
				}
				p := decodePayload(t, f.calls[0].stdin)
				if p["pfx"] != "MII=" || p["password"] != "changeit" || p["friendlyName"] != "ECE web" {
					t.Errorf("payload = %v", p)
				}
			},
		},
		"import pfx wrong password": {
			replies: map[string]reply{opImportPFX: failed(t, "error-import-password.out")},
			run:     func(o *Ops) (any, error) { return o.ImportPFX(ctx, []byte{1}, "wrong", "ECE web") },
			errText: "requires either a different password",
		},
		"export pfx": {
			replies: map[string]reply{opExportPFX: ok(t, "export_pfx.out")},
			run: func(o *Ops) (any, error) {
				return o.ExportPFX(ctx, "d213d158401413d4ce74716e77c2b766abad88d6", "s3cret")
			},
			check: func(t *testing.T, got any, f *fakeRunner) {
				if len(got.([]byte)) == 0 {
					t.Error("no PFX bytes")
				}
				if p := decodePayload(t, f.calls[0].stdin); p["thumbprint"] != "D213D158401413D4CE74716E77C2B766ABAD88D6" {
					t.Errorf("thumbprint not normalized: %v", p["thumbprint"])
				}
			},
		},
		"export pfx missing certificate": {
			replies: map[string]reply{opExportPFX: failed(t, "error-cert-not-found.out")},
			run:     func(o *Ops) (any, error) { return o.ExportPFX(ctx, strings.Repeat("AB", 20), "s3cret") },
			wantErr: winops.ErrCertNotFound,
		},
		"export pfx without password": {
			run:     func(o *Ops) (any, error) { return o.ExportPFX(ctx, strings.Repeat("AB", 20), "") },
			errText: "needs a password",
		},
		"new request": {
			replies: map[string]reply{opNewRequest: ok(t, "new_request.out")},
			run: func(o *Ops) (any, error) {
				return o.NewRequest(ctx, winops.CertRequest{CommonName: "ece.example.com", Organization: "Example Corp", DNSNames: []string{"ece-web-a.example.com"}, KeySize: 2048, FriendlyName: "ECE web"})
			},
			check: func(t *testing.T, got any, f *fakeRunner) {
				pr := got.(winops.PendingRequest)
				checkPending(t, pr)
				p := decodePayload(t, f.calls[0].stdin)
				if p["subject"] != "CN=ece.example.com, O=Example Corp" {
					t.Errorf("subject = %v", p["subject"])
				}
				if names, _ := p["dnsNames"].([]any); len(names) != 2 || names[0] != "ece.example.com" {
					t.Errorf("dnsNames = %v, want the common name first", p["dnsNames"])
				}
			},
		},
		"new request certreq made something else": {
			replies: map[string]reply{opNewRequest: ok(t, "new_request.out")},
			run: func(o *Ops) (any, error) {
				return o.NewRequest(ctx, winops.CertRequest{CommonName: "other.example.com", KeySize: 2048})
			},
			errText: "certreq made a request for CN=ece.example.com",
		},
		"new request certreq fails": {
			replies: map[string]reply{opNewRequest: {stdout: `{"code":"native","error":"certreq.exe exited with code -2146893802: Keyset does not exist"}`, exitCode: 1}},
			run: func(o *Ops) (any, error) {
				return o.NewRequest(ctx, winops.CertRequest{CommonName: "ece.example.com", KeySize: 2048})
			},
			errText: "Keyset does not exist",
		},
		"pending requests": {
			replies: map[string]reply{opPendingRequests: ok(t, "pending_requests.out")},
			run:     func(o *Ops) (any, error) { return o.PendingRequests(ctx) },
			check: func(t *testing.T, got any, _ *fakeRunner) {
				prs := got.([]winops.PendingRequest)
				if len(prs) != 1 {
					t.Fatalf("pending = %+v", prs)
				}
				checkPending(t, prs[0])
				// The CA's answer matches the request by public key.
				c, err := x509.ParseCertificate(signed)
				if err != nil {
					t.Fatal(err)
				}
				if publicKeySHA256(c.RawSubjectPublicKeyInfo) != prs[0].PublicKeySHA256 {
					t.Error("the signed certificate does not match the pending request's key")
				}
			},
		},
		"pending requests none": {
			replies: map[string]reply{opPendingRequests: {stdout: "\r\n[]\r\n"}},
			run:     func(o *Ops) (any, error) { return o.PendingRequests(ctx) },
			check: func(t *testing.T, got any, _ *fakeRunner) {
				if prs := got.([]winops.PendingRequest); len(prs) != 0 {
					t.Errorf("pending = %+v", prs)
				}
			},
		},
		"complete request": {
			replies: map[string]reply{opCompleteRequest: ok(t, "complete_request.out")},
			run:     func(o *Ops) (any, error) { return o.CompleteRequest(ctx, signed) },
			check: func(t *testing.T, got any, f *fakeRunner) {
				if got != thumbprintOf(signed) {
					t.Errorf("thumbprint = %v", got)
				}
				if p := decodePayload(t, f.calls[0].stdin); p["thumbprint"] != thumbprintOf(signed) {
					t.Errorf("payload thumbprint = %v", p["thumbprint"])
				}
			},
		},
		"complete request without a pending key": {
			replies: map[string]reply{opCompleteRequest: {stdout: `{"code":"no_private_key","error":"the certificate was installed without a private key"}`, exitCode: 1}},
			run:     func(o *Ops) (any, error) { return o.CompleteRequest(ctx, signed) },
			errText: "without a private key",
		},
		"complete request not DER": {
			run:     func(o *Ops) (any, error) { return o.CompleteRequest(ctx, []byte("-----BEGIN CERTIFICATE-----")) },
			errText: "not a DER certificate",
		},
		"site": {
			replies: map[string]reply{opSite: ok(t, "site.out")},
			run:     func(o *Ops) (any, error) { return o.Site(ctx, winops.DefaultSite) },
			check: func(t *testing.T, got any, _ *fakeRunner) {
				s := got.(winops.Site)
				if s.Name != "Default Web Site" || s.ID != 1 || len(s.Bindings) != 4 {
					t.Fatalf("site = %+v", s)
				}
				if b := s.Bindings[2]; b != (winops.Binding{Protocol: "https", Information: "*:443:ece.example.com", SSLFlags: winops.SSLFlagSNI}) {
					t.Errorf("SNI binding = %+v", b)
				}
			},
		},
		"site missing": {
			replies: map[string]reply{opSite: failed(t, "error-site-not-found.out")},
			run:     func(o *Ops) (any, error) { return o.Site(ctx, "No Such Site") },
			wantErr: winops.ErrSiteNotFound,
		},
		"site name with a quote": {
			run:     func(o *Ops) (any, error) { return o.Site(ctx, "Bob's site") },
			errText: "not supported",
		},
		"set site binding in place": {
			replies: map[string]reply{opSetSiteBinding: ok(t, "changed.out")},
			run: func(o *Ops) (any, error) {
				old := winops.Binding{Protocol: "https", Information: "*:443:ece.example.com", SSLFlags: 1}
				return nil, o.SetSiteBinding(ctx, winops.DefaultSite, &old, winops.Binding{Protocol: "https", Information: "*:443:", SSLFlags: 0})
			},
			check: func(t *testing.T, _ any, f *fakeRunner) {
				p := decodePayload(t, f.calls[0].stdin)
				old, _ := p["old"].(map[string]any)
				nw, _ := p["new"].(map[string]any)
				if old["bindingInformation"] != "*:443:ece.example.com" || nw["bindingInformation"] != "*:443:" || nw["ip"] != "*" || nw["port"] != 443.0 || nw["host"] != "" {
					t.Errorf("payload = %v", p)
				}
			},
		},
		"set site binding adds": {
			replies: map[string]reply{opSetSiteBinding: ok(t, "changed.out")},
			run: func(o *Ops) (any, error) {
				return nil, o.SetSiteBinding(ctx, winops.DefaultSite, nil, winops.Binding{Protocol: "https", Information: "*:443:"})
			},
			check: func(t *testing.T, _ any, f *fakeRunner) {
				if p := decodePayload(t, f.calls[0].stdin); p["old"] != nil {
					t.Errorf("old = %v, want null", p["old"])
				}
			},
		},
		"set site binding unchanged": {
			run: func(o *Ops) (any, error) {
				b := winops.Binding{Protocol: "https", Information: "*:443:"}
				return nil, o.SetSiteBinding(ctx, winops.DefaultSite, &b, b)
			},
			check: func(t *testing.T, _ any, f *fakeRunner) {
				if len(f.calls) != 0 {
					t.Errorf("%d runs for an unchanged binding", len(f.calls))
				}
			},
		},
		"set site binding old one gone": {
			replies: map[string]reply{opSetSiteBinding: {stdout: `{"code":"binding_not_found","error":"the site has no binding with that protocol and binding information"}`, exitCode: 1}},
			run: func(o *Ops) (any, error) {
				old := winops.Binding{Protocol: "https", Information: "*:8443:"}
				return nil, o.SetSiteBinding(ctx, winops.DefaultSite, &old, winops.Binding{Protocol: "https", Information: "*:443:"})
			},
			errText: "no binding with that protocol",
		},
		"set site binding injection": {
			run: func(o *Ops) (any, error) {
				return nil, o.SetSiteBinding(ctx, winops.DefaultSite, nil, winops.Binding{Protocol: "https", Information: "*:443:x' or '1'='1"})
			},
			errText: "bad host name",
		},
		"ssl bindings": {
			replies: map[string]reply{opSSLBindings: ok(t, "ssl_bindings.out")},
			run:     func(o *Ops) (any, error) { return o.SSLBindings(ctx) },
			check: func(t *testing.T, got any, _ *fakeRunner) {
				bs := got.([]winops.SSLBinding)
				if len(bs) != 2 || bs[0].Endpoint != "0.0.0.0:443" || bs[1].Endpoint != "ece.example.com:443" {
					t.Fatalf("bindings = %+v", bs)
				}
			},
		},
		"set ssl binding replaces the endpoint's binding": {
			replies: map[string]reply{opSSLBindings: ok(t, "ssl_bindings.out"), opSetSSLBinding: ok(t, "changed.out")},
			run: func(o *Ops) (any, error) {
				return nil, o.SetSSLBinding(ctx, winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: strings.Repeat("ab", 20), AppID: winops.IISAppID, CertStoreName: winops.StoreMy})
			},
			check: func(t *testing.T, _ any, f *fakeRunner) {
				p := decodePayload(t, f.calls[1].stdin)
				old, _ := p["old"].(map[string]any)
				if p["kind"] != "ipport" || p["certhash"] != strings.Repeat("AB", 20) || p["store"] != "MY" || old == nil || old["certhash"] != thumbprintOf(signed) {
					t.Errorf("payload = %v", p)
				}
			},
		},
		"set ssl binding adds an SNI endpoint": {
			replies: map[string]reply{opSSLBindings: ok(t, "ssl_bindings.out"), opSetSSLBinding: ok(t, "changed.out")},
			run: func(o *Ops) (any, error) {
				return nil, o.SetSSLBinding(ctx, winops.SSLBinding{Endpoint: "spog.example.com:443", CertHash: strings.Repeat("ab", 20), AppID: winops.IISAppID})
			},
			check: func(t *testing.T, _ any, f *fakeRunner) {
				p := decodePayload(t, f.calls[1].stdin)
				if p["kind"] != "hostnameport" || p["old"] != nil {
					t.Errorf("payload = %v", p)
				}
			},
		},
		"set ssl binding already right": {
			replies: map[string]reply{opSSLBindings: ok(t, "ssl_bindings.out")},
			run: func(o *Ops) (any, error) {
				return nil, o.SetSSLBinding(ctx, winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: thumbprintOf(signed), AppID: winops.IISAppID, CertStoreName: "MY"})
			},
			check: func(t *testing.T, _ any, f *fakeRunner) {
				if len(f.calls) != 1 {
					t.Errorf("%d runs, want only the read", len(f.calls))
				}
			},
		},
		"set ssl binding netsh fails": {
			replies: map[string]reply{opSSLBindings: ok(t, "ssl_bindings.out"), opSetSSLBinding: failed(t, "error-native.out")},
			run: func(o *Ops) (any, error) {
				return nil, o.SetSSLBinding(ctx, winops.SSLBinding{Endpoint: "0.0.0.0:8443", CertHash: strings.Repeat("ab", 20), AppID: winops.IISAppID})
			},
			errText: "Error: 183",
		},
		"set ssl binding injection": {
			run: func(o *Ops) (any, error) {
				return nil, o.SetSSLBinding(ctx, winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: strings.Repeat("ab", 20), AppID: "{x} & del C:"})
			},
			errText: "want a GUID",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := &fakeRunner{replies: tc.replies}
			got, err := tc.run(New(f))
			switch {
			case tc.wantErr != nil || tc.errText != "":
				if err == nil {
					t.Fatalf("no error, want one (result %v)", got)
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Errorf("error %q is not %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.errText) {
					t.Errorf("error %q lacks %q", err, tc.errText)
				}
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.check != nil {
				tc.check(t, got, f)
			}
		})
	}
}

// checkPending checks the recorded pending request.
func checkPending(t *testing.T, pr winops.PendingRequest) {
	t.Helper()
	if len(pr.ID) != 40 || strings.ToUpper(pr.ID) != pr.ID {
		t.Errorf("ID = %q, want an uppercase thumbprint", pr.ID)
	}
	block, _ := pem.Decode(pr.CSR)
	if block == nil || block.Type != "CERTIFICATE REQUEST" {
		t.Fatalf("CSR = %q", pr.CSR)
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if pr.PublicKeySHA256 != publicKeySHA256(csr.RawSubjectPublicKeyInfo) || len(pr.PublicKeySHA256) != 64 {
		t.Errorf("PublicKeySHA256 = %q", pr.PublicKeySHA256)
	}
}
