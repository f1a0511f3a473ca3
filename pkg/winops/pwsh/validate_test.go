package pwsh

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

func TestCheckSSLBinding(t *testing.T) {
	hash := strings.Repeat("ab", 20)
	tests := map[string]struct {
		in       winops.SSLBinding
		wantKind string
		wantErr  string
	}{
		"ip endpoint":            {in: winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: hash, AppID: winops.IISAppID}, wantKind: "ipport"},
		"ipv6 endpoint":          {in: winops.SSLBinding{Endpoint: "[::]:443", CertHash: hash, AppID: winops.IISAppID}, wantKind: "ipport"},
		"sni endpoint":           {in: winops.SSLBinding{Endpoint: "ece.example.com:443", CertHash: hash, AppID: winops.IISAppID, CertStoreName: "My"}, wantKind: "hostnameport"},
		"short hash":             {in: winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: "abc", AppID: winops.IISAppID}, wantErr: "40 hex digits"},
		"hash with an argument":  {in: winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: hash[:38] + " x", AppID: winops.IISAppID}, wantErr: "40 hex digits"},
		"appid without braces":   {in: winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: hash, AppID: "4dc3e181-e14b-4a21-b022-59fc669b0914"}, wantErr: "GUID in braces"},
		"endpoint without port":  {in: winops.SSLBinding{Endpoint: "0.0.0.0", CertHash: hash, AppID: winops.IISAppID}, wantErr: "IP:port or hostname:port"},
		"endpoint with a space":  {in: winops.SSLBinding{Endpoint: "a b:443", CertHash: hash, AppID: winops.IISAppID}, wantErr: "bad host name"},
		"ipv6 without brackets":  {in: winops.SSLBinding{Endpoint: "::1:443", CertHash: hash, AppID: winops.IISAppID}, wantErr: "IP:port"},
		"port out of range":      {in: winops.SSLBinding{Endpoint: "0.0.0.0:70000", CertHash: hash, AppID: winops.IISAppID}, wantErr: "bad port"},
		"store with a separator": {in: winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: hash, AppID: winops.IISAppID, CertStoreName: "MY appid=x"}, wantErr: "store name"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := checkSSLBinding(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.kind != tc.wantKind || got.CertHash != strings.ToUpper(hash) || got.AppID != winops.IISAppID || got.CertStoreName != "MY" {
				t.Errorf("= %+v", got)
			}
		})
	}
}

func TestCheckBinding(t *testing.T) {
	tests := map[string]struct {
		in      winops.Binding
		want    bindingIn
		wantErr string
	}{
		"all unassigned":  {in: winops.Binding{Protocol: "https", Information: "*:443:"}, want: bindingIn{Protocol: "https", BindingInformation: "*:443:", IP: "*", Port: 443}},
		"ip and host sni": {in: winops.Binding{Protocol: "HTTPS", Information: "10.0.0.5:8443:ece.example.com", SSLFlags: 1}, want: bindingIn{Protocol: "https", BindingInformation: "10.0.0.5:8443:ece.example.com", SSLFlags: 1, IP: "10.0.0.5", Port: 8443, Host: "ece.example.com"}},
		"ipv6":            {in: winops.Binding{Protocol: "http", Information: "[::1]:80:"}, want: bindingIn{Protocol: "http", BindingInformation: "[::1]:80:", IP: "[::1]", Port: 80}},
		"net.tcp":         {in: winops.Binding{Protocol: "net.tcp", Information: "808:*"}, want: bindingIn{Protocol: "net.tcp", BindingInformation: "808:*"}},
		"quote in host":   {in: winops.Binding{Protocol: "https", Information: "*:443:a'b"}, wantErr: "bad host name"},
		"quote elsewhere": {in: winops.Binding{Protocol: "net.tcp", Information: "808:']"}, wantErr: "unexpected characters"},
		"no port":         {in: winops.Binding{Protocol: "https", Information: "*::"}, wantErr: "bad port"},
		"two parts":       {in: winops.Binding{Protocol: "https", Information: "*:443"}, wantErr: "want IP:port:host"},
		"bad ip":          {in: winops.Binding{Protocol: "https", Information: "10.0.0:443:"}, wantErr: "bad IP"},
		"bad protocol":    {in: winops.Binding{Protocol: "https'", Information: "*:443:"}, wantErr: "protocol"},
		"flags too high":  {in: winops.Binding{Protocol: "https", Information: "*:443:", SSLFlags: 128}, wantErr: "sslFlags"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := checkBinding(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("= %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestCheckCertRequest(t *testing.T) {
	tests := map[string]struct {
		in          winops.CertRequest
		wantSubject string
		wantNames   []string
		wantErr     string
	}{
		"common name joins the SANs first": {
			in:          winops.CertRequest{CommonName: "ece.example.com", Organization: "Example Corp", DNSNames: []string{"ece-web-a.example.com", "ECE.example.com"}, KeySize: 2048},
			wantSubject: "CN=ece.example.com, O=Example Corp", wantNames: []string{"ece.example.com", "ece-web-a.example.com"},
		},
		"wildcard": {
			in:          winops.CertRequest{CommonName: "*.example.com", KeySize: 4096},
			wantSubject: "CN=*.example.com", wantNames: []string{"*.example.com"},
		},
		"cn not a host name": {
			in:          winops.CertRequest{CommonName: "ECE Web", DNSNames: []string{"ece.example.com"}, KeySize: 2048},
			wantSubject: "CN=ECE Web", wantNames: []string{"ece.example.com"},
		},
		"no dns name":           {in: winops.CertRequest{CommonName: "ECE Web", KeySize: 2048}, wantErr: "no DNS name"},
		"small key":             {in: winops.CertRequest{CommonName: "ece.example.com", KeySize: 1024}, wantErr: "key size"},
		"quote in cn":           {in: winops.CertRequest{CommonName: `ece"x`, KeySize: 2048}, wantErr: "common name"},
		"comma in o":            {in: winops.CertRequest{CommonName: "ece.example.com", Organization: "Example, Inc", KeySize: 2048}, wantErr: "organization"},
		"percent in name":       {in: winops.CertRequest{CommonName: "ece.example.com", FriendlyName: "%windir%", KeySize: 2048}, wantErr: "friendly name"},
		"ampersand in san":      {in: winops.CertRequest{CommonName: "ece.example.com", DNSNames: []string{"a&dns=b"}, KeySize: 2048}, wantErr: "not a host name"},
		"newline in o":          {in: winops.CertRequest{CommonName: "ece.example.com", Organization: "X\n[NewRequest]", KeySize: 2048}, wantErr: "organization"},
		"non-ascii in friendly": {in: winops.CertRequest{CommonName: "ece.example.com", FriendlyName: "Certificado señal", KeySize: 2048}, wantErr: "friendly name"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			subject, names, err := checkCertRequest(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || subject != tc.wantSubject || !reflect.DeepEqual(names, tc.wantNames) {
				t.Errorf("= %q %q %v; want %q %q", subject, names, err, tc.wantSubject, tc.wantNames)
			}
		})
	}
}

func TestCheckNames(t *testing.T) {
	tests := map[string]struct {
		check func() error
		ok    bool
	}{
		"default site":           {func() error { return checkSiteName(winops.DefaultSite) }, true},
		"site with a quote":      {func() error { return checkSiteName("Bob's") }, false},
		"site with a wildcard":   {func() error { return checkSiteName("Default*") }, false},
		"site with brackets":     {func() error { return checkSiteName("Site[1]") }, false},
		"empty site":             {func() error { return checkSiteName(" ") }, false},
		"drive path":             {func() error { return checkPath(`C:\ece\pcce\mydomain.jks`) }, true},
		"unc path":               {func() error { return checkPath(`\\ads-a\c$\icm\tomcat\conf\server.xml`) }, true},
		"relative path":          {func() error { return checkPath(`ece\pcce`) }, false},
		"drive-relative path":    {func() error { return checkPath(`C:ece`) }, false},
		"unix path":              {func() error { return checkPath(`/etc/passwd`) }, false},
		"nul in path":            {func() error { return checkPath("C:\\a\x00b") }, false},
		"service display name":   {func() error { return checkServiceName("Apache Tomcat") }, true},
		"empty service":          {func() error { return checkServiceName("") }, false},
		"thumbprint with spaces": {func() error { _, err := normalizeThumbprint("ab cd " + strings.Repeat("0", 36)); return err }, true},
		"thumbprint too long":    {func() error { _, err := normalizeThumbprint(strings.Repeat("0", 41)); return err }, false},
		"thumbprint not hex":     {func() error { _, err := normalizeThumbprint(strings.Repeat("g", 40)); return err }, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if err := tc.check(); (err == nil) != tc.ok {
				t.Errorf("error = %v, want ok %v", err, tc.ok)
			}
		})
	}
}
