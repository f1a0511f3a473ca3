package test

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
	"github.com/ecereconcile/ecereconcile/pkg/winops/labwin"
)

// verifyDoc is what the tests read of verify's JSON document.
type verifyDoc struct {
	FormatVersion int            `json:"format_version"`
	OK            bool           `json:"ok"`
	Counts        map[string]int `json:"counts"`
	Results       []struct {
		Check   string `json:"check"`
		Subject string `json:"subject"`
		Status  string `json:"status"`
		Code    string `json:"code"`
		Summary string `json:"summary"`
		Symptom string `json:"symptom"`
		Fix     string `json:"fix"`
	} `json:"results"`
}

// verifyJSON runs verify --format json, expecting exit code want, and
// returns the non-passing results as "check subject status code".
func verifyJSON(t *testing.T, r *runner, want int, spec string) (verifyDoc, []string) {
	t.Helper()
	res := r.expect(want, "verify", "-f", spec, "--format", "json")
	var doc verifyDoc
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("verify --format json is not JSON: %v\n%s", err, res)
	}
	if doc.FormatVersion != 1 || doc.OK != (want == 0) {
		t.Errorf("format_version %d ok %v\n%s", doc.FormatVersion, doc.OK, res)
	}
	var bad []string
	for _, x := range doc.Results {
		if x.Status != "pass" {
			bad = append(bad, strings.Join([]string{x.Check, x.Subject, x.Status, x.Code}, " "))
		}
	}
	slices.Sort(bad)
	return doc, bad
}

func wantLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n  %s\nwant\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestVerify(t *testing.T) {
	r := newRunner(t)
	dir, spec := serveLab(t, r)

	// Before the tech note: the failures a user expects, Cisco Service fine.
	_, bad := verifyJSON(t, r, 1, spec)
	wantLines(t, "before apply, not passing", bad, []string{
		"pkix ece-web-a → ads-a fail NoCertificatePresented", "pkix ece-web-a → ads-b fail NoCertificatePresented",
		"pkix ece-web-b → ads-a fail NoCertificatePresented", "pkix ece-web-b → ads-b fail NoCertificatePresented",
		"sni ece-web-a skip NoCertificatePresented", "sni ece-web-b fail SNIRequired",
		"fqdn_in_certificate ece-web-a skip NoCertificatePresented", "fqdn_in_certificate ece-web-b skip NoCertificatePresented",
		"fqdn_in_certificate PCCE inventory fail InventoryWebServerMissing",
		"ldap partition SSO fail KeystoreUnreadable",
		"inventory_status PCCE fail NoECEMachines",
		"agent_channels ECE email and chat fail UCCEIntegrationNotSaved",
	})
	res := r.expect(1, "verify", "-f", spec)
	for _, want := range []string{
		"✓ cisco_service        ece-app-a", "✓ cisco_service        ece-data", "✗ sni                  ece-web-b",
		`host name ece-web-b.lab.example.com`, "ecereconcile apply -f " + spec,
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("verify does not say %q\n%s", want, res)
		}
	}

	// After apply: every check passes.
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	doc, bad := verifyJSON(t, r, 0, spec)
	wantLines(t, "after apply, not passing", bad, nil)
	if doc.Counts["pass"] != 15 {
		t.Errorf("counts %v, want 15 checks passed", doc.Counts)
	}

	// Someone removes the ECE certificate from ads-a's cacerts.
	cacerts := local(dir, "ads-a", cacertsPath)
	if kt, err := exec.LookPath("keytool"); err == nil {
		if out, err := exec.Command(kt, "-delete", "-alias", "ece.lab.example.com", "-keystore", cacerts, "-storepass", "changeit").CombinedOutput(); err != nil {
			t.Fatalf("keytool -delete: %v\n%s", err, out)
		}
	} else {
		removeTrusted(t, cacerts, "ece.lab.example.com")
	}
	doc, bad = verifyJSON(t, r, 1, spec)
	wantLines(t, "alias removed from ads-a, not passing", bad, []string{
		"pkix ece-web-a → ads-a fail PKIXPathBuildingFailed", "pkix ece-web-b → ads-a fail PKIXPathBuildingFailed",
	})
	for _, x := range doc.Results {
		if x.Code == "PKIXPathBuildingFailed" && (!strings.Contains(x.Symptom, "PKIX path building failed") ||
			!strings.Contains(x.Fix, "keystore.ads_cacerts[ads-a]") || !strings.Contains(x.Summary, "ads-a's")) {
			t.Errorf("PKIX failure without the Java message, the ADS or the fix: %+v", x)
		}
	}
	res = r.expect(1, "verify", "-f", spec)
	if !strings.Contains(res.stdout, "✗ pkix ece-web-a → ads-a: PKIXPathBuildingFailed") ||
		!strings.Contains(res.stdout, "sun.security.validator.ValidatorException: PKIX path building failed") {
		t.Errorf("the text report does not name the PKIX failure on ads-a\n%s", res)
	}
	r.expect(0, "apply", "-f", spec, "--auto-approve", "--allow-irreversible")
	r.expect(0, "verify", "-f", spec)

	// Someone binds ece-web-b's old certificate, which names only
	// ece-web-b.lab.example.com.
	bindOldCertificate(t, dir, "ece-web-b", "ece-web-b.lab.example.com")
	doc, bad = verifyJSON(t, r, 1, spec)
	wantLines(t, "old certificate on ece-web-b, not passing", bad, []string{
		"fqdn_in_certificate ece-web-b fail HostnameMismatch", "fqdn_in_certificate PCCE inventory: ece fail HostnameMismatch",
		"pkix ece-web-b → ads-a fail PKIXPathBuildingFailed", "pkix ece-web-b → ads-b fail PKIXPathBuildingFailed",
	})
	for _, x := range doc.Results {
		if x.Check == "fqdn_in_certificate" && x.Subject == "ece-web-b" &&
			(!strings.Contains(x.Summary, "SANs ece-web-b.lab.example.com") || !strings.Contains(x.Symptom, "subject alternative name does not match")) {
			t.Errorf("the SAN mismatch is not named: %+v", x)
		}
	}

	// With the manual ECE backend, whether an agent can be enabled is a
	// person's check in the console.
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	manual := strings.Replace(string(b), "backend: lab\n    root: .", "backend: manual", 1)
	if manual == string(b) {
		t.Fatal("the lab spec has no lab ECE admin backend to replace")
	}
	if err := os.WriteFile(spec, []byte(manual), 0o644); err != nil {
		t.Fatal(err)
	}
	_, bad = verifyJSON(t, r, 1, spec)
	if !slices.Contains(bad, "agent_channels ECE email and chat skip ManualConsole") {
		t.Errorf("with the manual backend agent_channels is not left to a person: %q", bad)
	}
	if res := r.expect(1, "verify", "-f", spec); !strings.Contains(res.stdout, "Left to a person:") ||
		!strings.Contains(res.stdout, `open the "Enable Email & Chat" tab`) {
		t.Errorf("the text report does not say what a person checks\n%s", res)
	}

	// No secret of the lab in any output.
	for _, f := range []string{"secrets/ece-keystore.pass", "secrets/ldap-search.pass", "secrets/pcce-admin.pass", "secrets/ece-pa.pass", "secrets/awdb.pass"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		secret := strings.TrimSpace(string(b))
		for _, run := range r.runs {
			if strings.Contains(run.stdout+run.stderr, secret) {
				t.Errorf("%s leaked in the output of %v", f, run.args)
			}
		}
	}
}

// removeTrusted deletes alias from a JKS truststore with our own reader
// (when keytool is not installed).
func removeTrusted(t *testing.T, path, alias string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := javaks.Decode(b, []byte("changeit"), javaks.JKS)
	if err != nil {
		t.Fatal(err)
	}
	ks.Delete(alias)
	nb, err := ks.Encode([]byte("changeit"), javaks.EncodeOptions{Rand: rand.Reader})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, nb, 0o644); err != nil {
		t.Fatal(err)
	}
}

// bindOldCertificate points http.sys 0.0.0.0:443 of a lab web server at the
// certificate of the store whose CN is cn, as an operator would in IIS
// Manager.
func bindOldCertificate(t *testing.T, dir, host, cn string) {
	t.Helper()
	ops := labwin.New(filepath.Join(dir, "hosts", host))
	ctx := context.Background()
	certs, err := ops.Certificates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range certs {
		if x, err := x509.ParseCertificate(c.DER); err == nil && x.Subject.CommonName == cn {
			err := ops.SetSSLBinding(ctx, winops.SSLBinding{Endpoint: "0.0.0.0:443", CertHash: c.Thumbprint, AppID: winops.IISAppID, CertStoreName: winops.StoreMy})
			if err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("%s has no certificate with CN %s", host, cn)
}
