package test

import (
	"context"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
	"github.com/ecereconcile/ecereconcile/pkg/winops/labwin"
)

const appHostPath = `C:\Windows\System32\inetsrv\config\applicationHost.config`

// appHostBindings parses a web server's applicationHost.config as XML and
// returns the bindings of Default Web Site.
func appHostBindings(t *testing.T, dir, host string) []winops.Binding {
	t.Helper()
	data, err := os.ReadFile(local(dir, host, appHostPath))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Sites []struct {
			Name     string `xml:"name,attr"`
			Bindings []struct {
				Protocol    string `xml:"protocol,attr"`
				Information string `xml:"bindingInformation,attr"`
				SSLFlags    int    `xml:"sslFlags,attr"`
			} `xml:"bindings>binding"`
		} `xml:"system.applicationHost>sites>site"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: applicationHost.config is not XML: %v", host, err)
	}
	var out []winops.Binding
	for _, s := range doc.Sites {
		if s.Name != winops.DefaultSite {
			continue
		}
		for _, b := range s.Bindings {
			out = append(out, winops.Binding{Protocol: b.Protocol, Information: b.Information, SSLFlags: b.SSLFlags})
		}
	}
	return out
}

// webCert returns the thumbprint and colon-separated SHA-256 of the
// certificate http.sys binds on 0.0.0.0:443 on a lab web server.
func webCert(t *testing.T, dir, host string) (thumb, sha string) {
	t.Helper()
	ops := labwin.New(filepath.Join(dir, "hosts", host))
	ctx := context.Background()
	ssl, err := ops.SSLBindings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range ssl {
		if b.Endpoint == "0.0.0.0:443" {
			thumb = b.CertHash
		}
	}
	certs, err := ops.Certificates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range certs {
		if c.Thumbprint == thumb {
			sum := sha256.Sum256(c.DER)
			parts := make([]string, len(sum))
			for i, b := range sum {
				parts[i] = fmt.Sprintf("%02X", b)
			}
			return thumb, strings.Join(parts, ":")
		}
	}
	t.Fatalf("%s: no certificate bound on 0.0.0.0:443 (ssl bindings %+v)", host, ssl)
	return "", ""
}

// keytoolSHA256 returns the SHA-256 keytool reports for alias in an ADS
// cacerts.
func keytoolSHA256(t *testing.T, kt, dir, host, alias string) string {
	t.Helper()
	out, err := exec.Command(kt, "-list", "-v", "-keystore", local(dir, host, cacertsPath),
		"-storepass", "changeit", "-alias", alias).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: keytool -list: %v\n%s", host, err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "SHA256: "); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("%s: keytool printed no SHA256:\n%s", host, out)
	return ""
}

// TestWebServers is issue 3 end to end on the lab: the web certificate, the
// IIS binding and the ADS trust that follows them, then a renewal.
func TestWebServers(t *testing.T) {
	kt := keytool(t)
	r := newRunner(t)
	dir, spec := serveLab(t, r)

	res := r.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	for _, want := range []string{
		"+ certificate.ece_web[ece-web-a]", "+ certificate.ece_web[ece-web-b]",
		"iis_binding.ece_https[ece-web-a]", "iis_binding.ece_https[ece-web-b]",
		"keystore.ads_cacerts[ads-a]", "keystore.ads_cacerts[ads-b]",
		"SNIEnabled", "HostNameSet", "BindingMissing", "(known after apply)",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("plan does not show %q\n%s", want, res)
		}
	}
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	r.expect(0, "plan", "-f", spec, "--detailed-exitcode")

	thumbA, shaA := webCert(t, dir, "ece-web-a")
	thumbB, shaB := webCert(t, dir, "ece-web-b")
	if thumbA != thumbB || shaA != shaB {
		t.Errorf("shared certificate: ece-web-a binds %s, ece-web-b %s", thumbA, thumbB)
	}
	for _, h := range []string{"ece-web-a", "ece-web-b"} {
		var https []winops.Binding
		for _, b := range appHostBindings(t, dir, h) {
			if b.Protocol == "https" {
				https = append(https, b)
			}
		}
		if len(https) != 1 || https[0].Information != "*:443:" || https[0].SSLFlags&winops.SSLFlagSNI != 0 {
			t.Errorf("%s: https bindings %+v, want exactly one *:443: with SNI off", h, https)
		}
	}
	for _, h := range []string{"ads-a", "ads-b"} {
		if got := keytoolSHA256(t, kt, dir, h, "ece.lab.example.com"); got != shaA {
			t.Errorf("%s: cacerts trusts %s, want the web certificate %s", h, got, shaA)
		}
		if n := tomcatRestarts(t, dir, h); n != 1 {
			t.Errorf("%s: Tomcat restarted %d times, want 1", h, n)
		}
	}

	// Renewal: 810 days on, the certificate (825 days) expires within
	// renewBefore (30 days): a re-issue, and the binding and the ADS trust
	// follow it.
	later := "ECERECONCILE_NOW=" + time.Now().Add(810*24*time.Hour).UTC().Format(time.RFC3339)
	rl := newRunner(t, later)
	res = rl.expect(2, "plan", "-f", spec, "--detailed-exitcode")
	for _, want := range []string{"~ certificate.ece_web[ece-web-a]", "ExpiresSoon",
		"iis_binding.ece_https[ece-web-a]", "keystore.ads_cacerts[ads-a]", "service.ads_tomcat[ads-b]"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("renewal plan does not show %q\n%s", want, res)
		}
	}
	rl.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible", "--allow-irreversible")
	rl.expect(0, "plan", "-f", spec, "--detailed-exitcode")
	newThumb, newSHA := webCert(t, dir, "ece-web-a")
	if newThumb == thumbA {
		t.Fatal("the certificate was not re-issued")
	}
	if b, _ := webCert(t, dir, "ece-web-b"); b != newThumb {
		t.Errorf("ece-web-b binds %s after the renewal, want %s", b, newThumb)
	}
	for _, h := range []string{"ads-a", "ads-b"} {
		if got := keytoolSHA256(t, kt, dir, h, "ece.lab.example.com"); got != newSHA {
			t.Errorf("%s: cacerts trusts %s after the renewal, want %s", h, got, newSHA)
		}
		if n := tomcatRestarts(t, dir, h); n != 2 {
			t.Errorf("%s: Tomcat restarted %d times in all, want 2", h, n)
		}
	}
}

// TestWinRMUnreachable: a web server reached over WinRM that does not
// answer fails its own resources with a clear error naming the endpoint;
// the other servers are still planned, and the password is never shown.
func TestWinRMUnreachable(t *testing.T) {
	const password = "Winrm-Secret-5531"
	r := newRunner(t, "WINRM_PASS="+password)
	_, spec := serveLab(t, r)
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "connection: {type: lab, root: hosts/ece-web-b}",
		"connection: {type: winrm, endpoint: 'https://127.0.0.1:1/wsman', user: 'LAB\\svc', password: {env: WINRM_PASS}}", 1)
	if s == string(b) {
		t.Fatal("no ece-web-b connection to replace")
	}
	if err := os.WriteFile(spec, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	r.expect(0, "validate", "-f", spec)
	res := r.expect(1, "plan", "-f", spec)
	out := res.stdout + res.stderr
	for _, want := range []string{"certificate.ece_web[ece-web-b]", "127.0.0.1:1", "+ certificate.ece_web[ece-web-a]"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q\n%s", want, res)
		}
	}
	if strings.Contains(out, password) {
		t.Fatalf("the WinRM password leaked\n%s", res)
	}
}
