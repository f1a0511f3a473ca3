package pwsh

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// TestParseRecordedCertStore reads "Get-ChildItem Cert:\LocalMachine\My |
// ConvertTo-Json" as Windows PowerShell 5.1 prints it (RawData as an
// array of numbers, dozens of other properties) and the script's own
// output for the same store: same certificates.
func TestParseRecordedCertStore(t *testing.T) {
	var raw, script list
	if err := json.Unmarshal([]byte(recorded(t, "get-childitem-cert-my.json")), &raw); err != nil {
		t.Fatal(err)
	}
	if err := decodeResult([]byte(recorded(t, "certificates.out")), &script, ""); err != nil {
		t.Fatal(err)
	}
	fromRaw, err := parseCerts(raw)
	if err != nil {
		t.Fatalf("raw ConvertTo-Json: %v", err)
	}
	fromScript, err := parseCerts(script)
	if err != nil {
		t.Fatalf("script output: %v", err)
	}
	if len(fromRaw) != 2 {
		t.Fatalf("raw: %d certificates, want 2", len(fromRaw))
	}
	if !reflect.DeepEqual(fromRaw, fromScript) {
		t.Errorf("raw and script output differ:\n%+v\n%+v", fromRaw, fromScript)
	}
	want := []struct {
		friendly string
		key      bool
	}{{"ECE web 2026", true}, {"", true}}
	for i, w := range want {
		if c := fromRaw[i]; c.FriendlyName != w.friendly || c.HasPrivateKey != w.key || len(c.DER) < 500 {
			t.Errorf("certificate %d = %q key %v, %d bytes", i, c.FriendlyName, c.HasPrivateKey, len(c.DER))
		}
	}
}

// TestParseRecordedWebBinding reads "Get-WebBinding -Name 'Default Web
// Site' | ConvertTo-Json" (ConfigurationElement objects) and the script's
// projection of the same bindings.
func TestParseRecordedWebBinding(t *testing.T) {
	var raw list
	if err := json.Unmarshal([]byte(recorded(t, "get-webbinding.json")), &raw); err != nil {
		t.Fatal(err)
	}
	got, err := parseBindings(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := []winops.Binding{
		{Protocol: "http", Information: "*:80:"},
		{Protocol: "https", Information: "*:443:"},
		{Protocol: "https", Information: "*:443:ece.example.com", SSLFlags: winops.SSLFlagSNI},
		{Protocol: "net.tcp", Information: "808:*"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bindings = %+v\nwant %+v", got, want)
	}
	var site struct{ Bindings list }
	if err := decodeResult([]byte(recorded(t, "site.out")), &site, ""); err != nil {
		t.Fatal(err)
	}
	if fromScript, err := parseBindings(site.Bindings); err != nil || !reflect.DeepEqual(fromScript, want) {
		t.Errorf("script output = %+v, %v", fromScript, err)
	}
}

// TestParseRecordedNetsh reads "netsh http show sslcert" with an IP:port
// and a Hostname:port binding (Windows Server 2019/2022 field set).
func TestParseRecordedNetsh(t *testing.T) {
	got := parseSSLCert(recorded(t, "netsh-show-sslcert.txt"))
	want := []winops.SSLBinding{
		{Endpoint: "0.0.0.0:443", CertHash: thumbprintOf([]byte(recorded(t, "signed-by-ca.cer"))), AppID: winops.IISAppID, CertStoreName: "MY"},
		{Endpoint: "ece.example.com:443", CertHash: "D213D158401413D4CE74716E77C2B766ABAD88D6", AppID: winops.IISAppID, CertStoreName: "MY"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bindings = %+v\nwant %+v", got, want)
	}
}

func TestParseSSLCertVariants(t *testing.T) {
	tests := map[string]struct {
		text string
		want []winops.SSLBinding
	}{
		"no bindings": {
			text: "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n",
		},
		"null store, IPv6, old field set": {
			text: "SSL Certificate bindings:\n-------------------------\n\n" +
				"    IP:port                 : [::]:443\n    Certificate Hash        : 00112233445566778899aabbccddeeff00112233\n" +
				"    Application ID          : {00000000-1111-2222-3333-444444444444}\n    Certificate Store Name  : (null)\n" +
				"    Ctl Identifier          :\n",
			want: []winops.SSLBinding{{Endpoint: "[::]:443", CertHash: "00112233445566778899AABBCCDDEEFF00112233", AppID: "{00000000-1111-2222-3333-444444444444}"}},
		},
		"central certificate store entry skipped": {
			text: "    Central Certificate Store    : 443\n    Certificate Hash             : (null)\n\n" +
				"    HostName:port                : a.example.com:443\n    Certificate Hash             : aa00aa00aa00aa00aa00aa00aa00aa00aa00aa00\n" +
				"    Application ID               : {4DC3E181-E14B-4A21-B022-59FC669B0914}\n    Certificate Store Name       : WebHosting\n",
			want: []winops.SSLBinding{{Endpoint: "a.example.com:443", CertHash: "AA00AA00AA00AA00AA00AA00AA00AA00AA00AA00", AppID: winops.IISAppID, CertStoreName: "WEBHOSTING"}},
		},
		"blocks without blank lines between them": {
			text: "    IP:port : 0.0.0.0:443\n    Certificate Hash : 01\n    IP:port : 0.0.0.0:8443\n    Certificate Hash : 02\n",
			want: []winops.SSLBinding{{Endpoint: "0.0.0.0:443", CertHash: "01"}, {Endpoint: "0.0.0.0:8443", CertHash: "02"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := parseSSLCert(tc.text); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestListForms(t *testing.T) {
	tests := map[string]struct {
		json string
		want int
	}{
		"array":                   {`[{"a":1},{"a":2}]`, 2},
		"empty array":             {`[]`, 0},
		"null":                    {`null`, 0},
		"single object unrolled":  {`{"Thumbprint":"AB"}`, 1},
		"PSObject-wrapped array":  {`{"value":[{"a":1},{"a":2},{"a":3}],"Count":3}`, 3},
		"object with a value key": {`{"value":"x"}`, 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var l list
			if err := json.Unmarshal([]byte(tc.json), &l); err != nil {
				t.Fatal(err)
			}
			if len(l) != tc.want {
				t.Errorf("%d items, want %d", len(l), tc.want)
			}
		})
	}
	var l list
	if err := json.Unmarshal([]byte(`"text"`), &l); err == nil {
		t.Error("a string decoded as a list")
	}
}

func TestSSLFlagsForms(t *testing.T) {
	tests := map[string]struct {
		json    string
		want    int
		wantErr bool
	}{
		"number":         {json: `1`, want: 1},
		"numeric string": {json: `"65"`, want: 65},
		"names":          {json: `"Sni, CentralCertStore"`, want: 3},
		"none":           {json: `"None"`, want: 0},
		"null":           {json: `null`, want: 0},
		"unknown name":   {json: `"Fast"`, wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var f sslFlags
			err := json.Unmarshal([]byte(tc.json), &f)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && int(f) != tc.want {
				t.Errorf("= %d, want %d", f, tc.want)
			}
		})
	}
}

func TestRawBytesForms(t *testing.T) {
	tests := map[string]struct {
		json    string
		want    string
		wantErr bool
	}{
		"base64":       {json: `"MII="`, want: "\x30\x82"},
		"byte array":   {json: `[48, 130]`, want: "\x30\x82"},
		"null":         {json: `null`},
		"out of range": {json: `[256]`, wantErr: true},
		"bad base64":   {json: `"%%%"`, wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var r rawBytes
			err := json.Unmarshal([]byte(tc.json), &r)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && string(r) != tc.want {
				t.Errorf("= %q, want %q", r, tc.want)
			}
		})
	}
}

func TestDecodeResultTakesTheLastLine(t *testing.T) {
	// Stray output before the result (a warning, a native command's chatter)
	// does not matter; a BOM and CRLF do not either.
	out := "\ufeffWARNING: something\r\n\r\n{\"thumbprint\":\"AB\"}\r\n\r\n"
	var r struct{ Thumbprint string }
	if err := decodeResult([]byte(out), &r, ""); err != nil || r.Thumbprint != "AB" {
		t.Errorf("decodeResult = %+v, %v", r, err)
	}
	if err := decodeResult([]byte("  \r\n"), &r, ""); err == nil || !strings.Contains(err.Error(), "no result") {
		t.Errorf("empty output: %v", err)
	}
}
