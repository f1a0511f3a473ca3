package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	hostlab "github.com/ecereconcile/ecereconcile/pkg/host/lab"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
	"github.com/ecereconcile/ecereconcile/pkg/winops/labwin"
)

// seed writes the whole lab into root (an empty folder); given is the lab
// folder as the user named it, for spec.yaml's comment.
func seed(root, given string, opt Options) error {
	now := opt.Now().UTC().Truncate(time.Second)
	rnd, err := draw(opt.Rand)
	if err != nil {
		return err
	}
	w := writer{root: root}

	// certs/
	oldWeb, err := selfSignedRSA(oldWebCertSpec(rnd.webSerial), now.AddDate(-1, 0, 0), opt.Rand)
	if err != nil {
		return fmt.Errorf("old web certificate: %w", err)
	}
	ad, err := selfSignedRSA(adCertSpec(rnd.adSerial), now, opt.Rand)
	if err != nil {
		return fmt.Errorf("ad certificate: %w", err)
	}
	w.file(ADCertFile, ad.Cert, 0o644)
	w.file(ADKeyFile, ad.Key, 0o600)
	aw, err := selfSignedRSA(awCertSpec(rnd.awSerial), now, opt.Rand)
	if err != nil {
		return fmt.Errorf("aw certificate: %w", err)
	}
	w.file(AWCertFile, aw.Cert, 0o644)
	w.file(AWKeyFile, aw.Key, 0o600)

	// secrets/
	w.dir("secrets", 0o700)
	w.file(KeystorePassFile, rnd.password, 0o600)
	for _, f := range serverSecrets {
		w.file(f, rnd.secrets[f], 0o600)
	}

	// hosts/
	cacerts, err := cacertsJKS(now, rnd.caSerials, opt.Rand)
	if err != nil {
		return fmt.Errorf("ads cacerts: %w", err)
	}
	tomcat := hostlab.ServiceFile{Name: TomcatService, Running: true, StartedAt: now.Add(-tomcatUptime)}
	cisco := hostlab.ServiceFile{Name: CiscoService, Running: true, StartedAt: now.Add(-ciscoUptime)}
	for _, h := range Topology() {
		w.dir(filepath.ToSlash(filepath.Join("hosts", h.Name)), 0o755)
		switch {
		case h.HasRole("ece-web"):
			w.hostFile(h.Name, SpogConfigPath, spogConfig(h.FQDN()))
			w.iis(h.Name, oldWeb)
		case h.HasRole("pcce-ads"):
			w.hostFile(h.Name, CacertsPath, cacerts)
			w.service(h.Name, tomcat)
		case h.HasRole("ece-app"), h.HasRole("ece-data"):
			// ece-app: no keystore, not even C:\ece\pcce (apply creates
			// it). Cisco Service runs on every ECE server but the web
			// servers; nothing else the integration touches lives on ece-data.
			w.service(h.Name, cisco)
		}
	}

	// .lab/ece: the simulated ECE admin store (partition SSO, trace
	// levels, UCCE integration), nothing configured yet.
	if w.err == nil {
		if err := eceadmin.SeedLab(root); err != nil {
			return err
		}
	}

	spec, err := SpecYAML(filepath.Clean(given))
	if err != nil {
		return err
	}
	w.file(SpecFile, spec, 0o644)
	w.file(ReadmeFile, []byte(readme), 0o644)
	return w.err
}

// writer writes files below root and keeps the first error.
type writer struct {
	root string
	err  error
}

// dir creates the folder rel (slash-separated, relative to root).
func (w *writer) dir(rel string, perm os.FileMode) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(p, perm); err != nil {
		w.err = fmt.Errorf("creating %s: %w", rel, err)
		return
	}
	if err := os.Chmod(p, perm); err != nil {
		w.err = fmt.Errorf("creating %s: %w", rel, err)
	}
}

// file writes rel (slash-separated, relative to root) with perm.
func (w *writer) file(rel string, data []byte, perm os.FileMode) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil { // keeps existing folders' modes
		w.err = fmt.Errorf("writing %s: %w", rel, err)
		return
	}
	if err := os.WriteFile(p, data, perm); err != nil {
		w.err = fmt.Errorf("writing %s: %w", rel, err)
		return
	}
	if err := os.Chmod(p, perm); err != nil { // umask may have narrowed it
		w.err = fmt.Errorf("writing %s: %w", rel, err)
	}
}

// hostFile writes the Windows path winPath of host h.
func (w *writer) hostFile(h, winPath string, data []byte) {
	rel, err := filepath.Rel(w.root, HostPath(w.root, h, winPath))
	if err != nil && w.err == nil {
		w.err = err
	}
	w.file(filepath.ToSlash(rel), data, 0o644)
}

// iis seeds a web server's IIS, http.sys and certificate store (steps 1.1,
// 1.2 before the tech note): every web server has the http binding on 80;
// OldWebCertHost also has an https binding with its own name as host name,
// SNI on, and a certificate without the access FQDN.
func (w *writer) iis(h string, old keyPairPEM) {
	if w.err != nil {
		return
	}
	root := HostDir(w.root, h)
	bindings := []winops.Binding{{Protocol: "http", Information: "*:80:"}}
	if h == OldWebCertHost {
		bindings = append(bindings, winops.Binding{Protocol: "https", Information: "*:443:" + h + "." + Domain, SSLFlags: winops.SSLFlagSNI})
	}
	if err := labwin.SeedIIS(root, bindings); err != nil {
		w.err = fmt.Errorf("%s: seeding IIS: %w", h, err)
		return
	}
	if h != OldWebCertHost {
		return
	}
	thumb, err := labwin.SeedCert(root, old.DER, old.Signer, h)
	if err == nil {
		err = labwin.SeedSSLBinding(root, winops.SSLBinding{
			Endpoint: h + "." + Domain + ":443", CertHash: thumb, AppID: winops.IISAppID, CertStoreName: winops.StoreMy,
		})
	}
	if err != nil {
		w.err = fmt.Errorf("%s: seeding the certificate store: %w", h, err)
	}
}

// service writes the state file of a service on host h.
func (w *writer) service(h string, st hostlab.ServiceFile) {
	if w.err != nil {
		return
	}
	if err := hostlab.WriteService(HostDir(w.root, h), st); err != nil {
		w.err = err
	}
}
