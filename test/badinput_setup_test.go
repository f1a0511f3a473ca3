package test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/ecereconcile/ecereconcile/pkg/javaks"
)

// labStart is the lab a bad-input case starts from.
type labStart int

const (
	// labFresh: a new lab, served (its PCCE and Active Directory answer).
	labFresh labStart = iota
	// labConverged: a new served lab after one successful apply.
	labConverged
	// labNone: an empty temporary folder; {spec} names a missing file in it.
	labNone
)

// badCase is one bad-input case being set up: the lab folder, its spec and
// what the setup adds to the expectations.
type badCase struct {
	t    *testing.T
	r    *runner
	dir  string
	spec string
	// want are more expected substrings, computed by the setup (a line).
	want []string
}

// path is a file of the lab folder.
func (c *badCase) path(rel string) string { return filepath.Join(c.dir, filepath.FromSlash(rel)) }

// specText returns the spec as it is now.
func (c *badCase) specText() string {
	c.t.Helper()
	b, err := os.ReadFile(c.spec)
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// edit replaces old by new in the spec; old must occur exactly once.
func (c *badCase) edit(old, new string) {
	c.t.Helper()
	s := c.specText()
	if n := strings.Count(s, old); n != 1 {
		c.t.Fatalf("the lab spec holds %q %d times, want once", old, n)
	}
	c.writeSpec(strings.Replace(s, old, new, 1))
}

// editRe replaces the one match of the regular expression re in the spec
// by repl (with $1 expansion).
func (c *badCase) editRe(re, repl string) {
	c.t.Helper()
	s := c.specText()
	rx := regexp.MustCompile(re)
	if n := len(rx.FindAllStringIndex(s, -1)); n != 1 {
		c.t.Fatalf("the lab spec matches %q %d times, want once", re, n)
	}
	c.writeSpec(rx.ReplaceAllString(s, repl))
}

// appendSpec adds text at the end of the spec.
func (c *badCase) appendSpec(text string) { c.writeSpec(c.specText() + text) }

func (c *badCase) writeSpec(s string) {
	c.t.Helper()
	if err := os.WriteFile(c.spec, []byte(s), 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// lineOf is the 1-based line of the spec where s first occurs.
func (c *badCase) lineOf(s string) int {
	c.t.Helper()
	text := c.specText()
	i := strings.Index(text, s)
	if i < 0 {
		c.t.Fatalf("the spec does not hold %q", s)
	}
	return strings.Count(text[:i], "\n") + 1
}

// wantAt expects "SPEC:LINE:" for the line where s is, then msg.
func (c *badCase) wantAt(s, msg string) {
	c.want = append(c.want, fmt.Sprintf("%s:%d:", c.spec, c.lineOf(s)), msg)
}

// write writes a file of the lab folder, creating its folder.
func (c *badCase) write(rel string, data []byte) {
	c.t.Helper()
	p := c.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// read reads a file of the lab folder.
func (c *badCase) read(rel string) []byte {
	c.t.Helper()
	b, err := os.ReadFile(c.path(rel))
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// remove removes a file of the lab folder.
func (c *badCase) remove(rel string) {
	c.t.Helper()
	if err := os.Remove(c.path(rel)); err != nil {
		c.t.Fatal(err)
	}
}

// run runs the binary as part of the setup; it must exit with code.
func (c *badCase) run(code int, args ...string) { c.r.expect(code, args...) }

// Files of the lab's hosts, relative to the lab folder.
var (
	adsACacerts = hostFile("ads-a", cacertsPath)
	webASpog    = hostFile("ece-web-a", spogPath)
	webAAppHost = hostFile("ece-web-a", appHostPath)
)

func hostFile(host, winPath string) string {
	p := strings.Replace(strings.ReplaceAll(winPath, `\`, "/"), "C:", "C", 1)
	return "hosts/" + host + "/" + p
}

// useADSPassword makes the spec read the ADS truststore password from the
// environment variable ADS_PASS (the lab's default is "changeit").
func (c *badCase) useADSPassword() {
	c.edit("      type: jks\n    restartService", "      type: jks\n      password: {env: ADS_PASS}\n    restartService")
}

// cacertsAsPKCS12 rewrites ads-a's JKS cacerts as a PKCS12 store with the
// same certificates, locked with password.
func (c *badCase) cacertsAsPKCS12(password string) {
	c.t.Helper()
	jks, err := javaks.Decode(c.read(adsACacerts), []byte("changeit"), javaks.JKS)
	if err != nil {
		c.t.Fatal(err)
	}
	p12 := javaks.New(javaks.PKCS12)
	for _, e := range jks.Trusted() {
		p12.SetTrusted(e.Alias, e.Cert, e.Created)
	}
	out, err := p12.Encode([]byte(password), javaks.EncodeOptions{})
	if err != nil {
		c.t.Fatal(err)
	}
	c.write(adsACacerts, out)
}

// newCert makes a self-signed certificate for cn valid from notBefore to
// notAfter, and its key.
func newCert(t *testing.T, cn string, notBefore, notAfter time.Time) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: cn},
		DNSNames:              []string{cn},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func certPEM(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// usePFX switches the web certificate to source: pfx with a PFX for cn in
// certs/web.pfx (password: the environment variable PFX_PASS), and gives
// ADS a CA certificate to trust, as a CA-signed certificate needs.
func (c *badCase) usePFX(cn, password string) {
	c.t.Helper()
	cert, key := newCert(c.t, cn, time.Now().Add(-time.Hour), time.Now().Add(365*24*time.Hour))
	pfx, err := pkcs12.Modern2023.Encode(key, cert, nil, password)
	if err != nil {
		c.t.Fatal(err)
	}
	c.write("certs/web.pfx", pfx)
	c.editRe(`    source: self-signed\n    dnsNames: .*\n    renewBefore: 30d\n`,
		"    source: pfx\n    pfx: {file: certs/web.pfx, password: {env: PFX_PASS}}\n")
	c.edit("    restartService: Apache Tomcat", "    certificates: [{alias: corp-root, certificate: certs/ad-dc.crt}]\n    restartService: Apache Tomcat")
}

// fakePCCE points the spec's PCCE at a TLS server that answers every
// request with status and body, trusted through certs/fake-aw.crt.
func (c *badCase) fakePCCE(status int, contentType, body string) {
	c.t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	c.t.Cleanup(srv.Close)
	c.write("certs/fake-aw.crt", certPEM(srv.Certificate()))
	c.editRe(`url: https://127\.0\.0\.1:\d+  # lab serve`, "url: "+srv.URL+"  # lab serve")
	c.edit("caCertificate: certs/pcce-aw.crt", "caCertificate: certs/fake-aw.crt")
}

// savedPlan writes a plan of the lab to rel and returns its bytes.
func (c *badCase) savedPlan(rel string) []byte {
	c.t.Helper()
	c.run(0, "plan", "-f", c.spec, "--out", c.path(rel), "--allow-irreversible")
	return c.read(rel)
}

// labSecrets are the values of the lab's secret files.
func labSecrets(t *testing.T, dir string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "secrets", "*"))
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if s := strings.TrimSpace(string(b)); len(s) >= 4 {
			out = append(out, s)
		}
	}
	return out
}

// waitPublished waits until lab serve has written its endpoints into the
// spec and then rewritten its ready file: lab serve creates the ready file
// once before it rewrites the spec (pkg/lab/serve.go: StartWith's
// initFaults writes it before publish), so the ready file alone does not
// mean that the spec is final.
func waitPublished(t *testing.T, dir string) {
	t.Helper()
	spec, ready := filepath.Join(dir, "spec.yaml"), filepath.Join(dir, "ready")
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var e struct{ LDAPS, PCCE string }
		rb, err := os.ReadFile(ready)
		if err != nil || json.Unmarshal(rb, &e) != nil || e.LDAPS == "" || e.PCCE == "" {
			continue
		}
		sb, err := os.ReadFile(spec)
		if err != nil || !bytes.Contains(sb, []byte(e.LDAPS+"  # lab serve")) || !bytes.Contains(sb, []byte(e.PCCE+"  # lab serve")) {
			continue
		}
		si, err1 := os.Stat(spec)
		ri, err2 := os.Stat(ready)
		tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
		if err1 == nil && err2 == nil && !ri.ModTime().Before(si.ModTime()) && len(tmps) == 0 {
			return
		}
	}
	t.Fatalf("lab serve did not write its endpoints into %s within 10s", spec)
}
