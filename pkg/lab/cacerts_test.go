package lab

import (
	"bytes"
	"crypto/x509"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	keystore "github.com/pavlo-v-chernykh/keystore-go/v4"
)

func wantCAAliases() []string {
	var out []string
	for _, ca := range jdkCAs {
		out = append(out, ca.Alias)
	}
	slices.Sort(out)
	return out
}

func TestCacertsLoadsWithChangeit(t *testing.T) {
	l := newLab(t)
	for _, h := range []string{"ads-a", "ads-b"} {
		t.Run(h, func(t *testing.T) {
			data := readFile(t, l.HostPath(h, CacertsPath))
			ks := keystore.New(keystore.WithOrderedAliases())
			if err := ks.Load(bytes.NewReader(data), []byte("changeit")); err != nil {
				t.Fatalf("load with changeit: %v", err)
			}
			if got := ks.Aliases(); !slices.Equal(got, wantCAAliases()) {
				t.Errorf("aliases %v, want %v", got, wantCAAliases())
			}
			for _, a := range ks.Aliases() {
				e, err := ks.GetTrustedCertificateEntry(a)
				if err != nil {
					t.Fatalf("%s: %v", a, err)
				}
				c, err := x509.ParseCertificate(e.Certificate.Content)
				if err != nil {
					t.Fatalf("%s: %v", a, err)
				}
				if !c.IsCA || c.Subject.CommonName == "" || c.Subject.CommonName == ECEFQDN {
					t.Errorf("%s: %v is not an unrelated CA", a, c.Subject)
				}
			}
			bad := keystore.New()
			if err := bad.Load(bytes.NewReader(data), []byte("wrong")); err == nil {
				t.Error("load with a wrong password succeeded")
			}
		})
	}
}

func TestCacertsKeytool(t *testing.T) {
	keytool, err := exec.LookPath("keytool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("keytool not found and CI is set")
		}
		t.Skip("keytool not found")
	}
	l := newLab(t)
	out, err := exec.Command(keytool, "-list", "-keystore", l.HostPath("ads-a", CacertsPath), "-storepass", "changeit").CombinedOutput()
	if err != nil {
		t.Fatalf("keytool -list: %v\n%s", err, out)
	}
	s := string(out)
	if !strings.Contains(s, "contains 5 entries") {
		t.Errorf("keytool does not count 5 entries:\n%s", s)
	}
	for _, a := range wantCAAliases() {
		if !strings.Contains(s, a+",") {
			t.Errorf("keytool does not list %q:\n%s", a, s)
		}
	}
	if n := strings.Count(s, "trustedCertEntry"); n != len(jdkCAs) {
		t.Errorf("%d trustedCertEntry, want %d:\n%s", n, len(jdkCAs), s)
	}
}
