package spec

import (
	"fmt"
	"strings"
	"testing"
)

// TestWebServerNameInCertificate: spogConfig.webServerName, when written,
// is a name of the web certificate whenever those names are known while
// loading.
func TestWebServerNameInCertificate(t *testing.T) {
	const spec = header + "metadata: {name: x}\n" +
		"hosts: [{name: web-a, roles: [ece-web], connection: {type: lab, root: hosts/web-a}}]\n" +
		"integration:\n" +
		"  ece: {fqdn: ece.lab.example.com, home: 'C:\\Cisco\\ECE'%s}\n" +
		"%s" +
		"  spogConfig: {webServerName: %s}\n"
	// {at} in want is where webServerName's value is.
	const at = "{at}integration.spogConfig.webServerName: "
	const hint = "\n  hint: " + webServerNameHint
	cases := []struct {
		name    string
		ece     string // more fields of integration.ece
		webCert string // the integration.webCertificate block
		server  string
		want    string // the whole error text; "" means valid
	}{
		{"self-signed, ece.fqdn", "", "  webCertificate: {source: self-signed}\n", "ece.lab.example.com", ""},
		{"self-signed, a dnsName in another case", "",
			"  webCertificate: {source: self-signed, dnsNames: [ece.lab.example.com, chat.lab.example.com]}\n", "Chat.Lab.Example.com", ""},
		{"self-signed, the commonName", "",
			"  webCertificate: {source: self-signed, commonName: chat.lab.example.com, dnsNames: [ece.lab.example.com]}\n", "chat.lab.example.com", ""},
		{"self-signed, another name", "",
			"  webCertificate: {source: self-signed, dnsNames: [ece.lab.example.com, web-a.lab.example.com]}\n", "chat.lab.example.com",
			at + `"chat.lab.example.com" is neither the commonName nor one of dnsNames of integration.webCertificate (ece.lab.example.com, web-a.lab.example.com)` + hint},
		{"self-signed, another name than ece.fqdn by default", "",
			"  webCertificate: {source: self-signed}\n", "chat.lab.example.com",
			at + `"chat.lab.example.com" is neither the commonName nor one of dnsNames of integration.webCertificate (ece.lab.example.com)` + hint},
		{"csr, another name", "",
			"  webCertificate: {source: csr, csr: {dir: csr}}\n", "chat.lab.example.com",
			at + `"chat.lab.example.com" is neither the commonName nor one of dnsNames of integration.webCertificate (ece.lab.example.com)` + hint},
		{"pfx: the names are not known while loading", "",
			"  webCertificate: {source: pfx, pfx: {file: ../certs/ece-web.crt, password: {env: PFX_PASS}}}\n", "chat.lab.example.com", ""},
		{"ece.webCertificate, a SAN", ", webCertificate: ../certs/ece-web.crt", "", "ece-web-b.lab.example.com", ""},
		{"ece.webCertificate, another name", ", webCertificate: ../certs/ece-web.crt", "", "chat.lab.example.com",
			at + `"chat.lab.example.com" is neither the CN nor a DNS SAN of ../certs/ece-web.crt (CN=ece.lab.example.com, SANs: ece.lab.example.com, ece-web-a.lab.example.com, ece-web-b.lab.example.com)` + hint},
		{"no certificate", "", "", "chat.lab.example.com", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := strings.Replace(spec, "%s", c.ece, 1)
			data = strings.Replace(data, "%s", c.webCert, 1)
			data = strings.Replace(data, "%s", c.server, 1)
			_, err := Parse("testdata/valid/s.yaml", []byte(data), nil)
			got := ""
			if err != nil {
				got = err.Error()
			}
			line := strings.Count(data[:strings.Index(data, "  spogConfig:")], "\n") + 1
			want := strings.Replace(c.want, "{at}", fmt.Sprintf("testdata/valid/s.yaml:%d:31: ", line), 1)
			if got != want {
				t.Errorf("spec:\n%s\nerror:\n%s\nwant:\n%s", data, got, want)
			}
		})
	}
}
