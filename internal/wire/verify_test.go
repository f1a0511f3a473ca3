package wire

import (
	"crypto/rand"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/verify"
	"github.com/ecereconcile/ecereconcile/pkg/lab"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

func TestVerifyTargetOfTheLab(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	l, err := lab.Init(filepath.Join(t.TempDir(), "lab"), lab.Options{Now: now, Rand: rand.Reader})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := spec.Load(l.SpecPath)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := VerifyTarget(sp, Env{Now: now, LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	if tg.FQDN != lab.ECEFQDN || tg.Port != 443 || tg.Environment != "lab" || tg.ApplicationInstance != "MultiChannel" {
		t.Errorf("target %s:%d env %s instance %s", tg.FQDN, tg.Port, tg.Environment, tg.ApplicationInstance)
	}
	var web []string
	for _, w := range tg.WebServers {
		web = append(web, w.Name+" "+w.CertificateResource+" "+w.BindingResource)
		if _, ok := w.Presenter.(verify.IISPresenter); !ok {
			t.Errorf("%s: a lab web server is read through IIS, got %T", w.Name, w.Presenter)
		}
	}
	wantWeb := []string{
		"ece-web-a certificate.ece_web[ece-web-a] iis_binding.ece_https[ece-web-a]",
		"ece-web-b certificate.ece_web[ece-web-b] iis_binding.ece_https[ece-web-b]",
	}
	if !slices.Equal(web, wantWeb) {
		t.Errorf("web servers %q, want %q", web, wantWeb)
	}
	var ece []string
	for _, s := range tg.ECEServers {
		ece = append(ece, s.Name)
	}
	if want := []string{"ece-app-a", "ece-app-b", "ece-data"}; !slices.Equal(ece, want) {
		t.Errorf("ECE servers %v, want %v (every ECE server but the web servers)", ece, want)
	}
	if len(tg.Truststores) != 2 || tg.Truststores[0].Host != "ads-a" || tg.Truststores[0].Resource != "keystore.ads_cacerts[ads-a]" ||
		tg.Truststores[0].Restart != lab.TomcatService || tg.Truststores[0].Path != lab.CacertsPath {
		t.Fatalf("truststores %+v", tg.Truststores)
	}
	trusted, err := tg.Truststores[0].Trusted(t.Context())
	if err != nil || len(trusted) == 0 {
		t.Errorf("reading ads-a's cacerts: %d entries, %v", len(trusted), err)
	}
	if tg.LDAP == nil || tg.LDAP.Resource != "ece_partition_sso.partition_admin[ECE]" || tg.PCCE == nil || tg.ECEAdmin == nil ||
		tg.UCCEResource != "ece_ucce_integration.ucce[ECE]" || tg.WebInventoryResource != "inventory_machine.ece_web[PCCE]" ||
		len(tg.InventoryResources) != 2 {
		t.Errorf("LDAP %+v, PCCE %v, admin %v, resources %q %q %q", tg.LDAP, tg.PCCE, tg.ECEAdmin, tg.UCCEResource, tg.WebInventoryResource, tg.InventoryResources)
	}
	// Before apply the app servers have no keystore: the LDAP verification
	// names it without dialling anything.
	o := tg.LDAP.Verify(t.Context())
	if o.OK || o.Code != "KeystoreUnreadable" || o.CouldNotRun ||
		!slices.Equal(o.FixResources, []string{"keystore.ece_ad_keystore[ece-app-a]", "keystore.ece_ad_keystore[ece-app-b]"}) {
		t.Errorf("LDAP outcome %+v", o)
	}
}
