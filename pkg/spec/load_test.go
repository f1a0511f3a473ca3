package spec

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/internal/goldenfile"
)

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	goldenfile.Check(t, path, []byte(got), *update)
}

// TestInvalidSpecs loads every testdata/invalid/*.yaml and compares the whole
// error text with the .golden beside it.
func TestInvalidSpecs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "invalid", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("want at least 20 broken specs, found %d", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			s, err := Load(file)
			if err == nil {
				t.Fatalf("Load(%s) succeeded; want errors", file)
			}
			if s != nil {
				t.Errorf("Load returned a spec with an error")
			}
			fes := FieldErrors(err)
			if len(fes) == 0 {
				t.Fatalf("no FieldError in %v", err)
			}
			for _, fe := range fes {
				if fe.File != file {
					t.Errorf("FieldError.File = %q, want %q", fe.File, file)
				}
				if fe.Line <= 0 {
					t.Errorf("FieldError without a line: %v", fe)
				}
			}
			text := err.Error()
			for _, secret := range []string{"hunter2", "hunter3"} {
				if strings.Contains(text, secret) {
					t.Errorf("error text contains the inline secret %q:\n%s", secret, text)
				}
			}
			if strings.Contains(text, "errors occurred") {
				t.Errorf("error text has a multierror header:\n%s", text)
			}
			golden(t, strings.TrimSuffix(file, ".yaml")+".golden", text+"\n")
		})
	}
}

// TestValidSpecs loads every testdata/valid/*.yaml and compares a rendering
// of the defaulted spec and its instances with the .golden beside it.
func TestValidSpecs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "valid", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			s, err := Load(file)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			golden(t, strings.TrimSuffix(file, ".yaml")+".golden", render(s))
		})
	}
}

// render shows what Load produced, with the spec folder as <dir>.
func render(s *Spec) string {
	var b strings.Builder
	fmt.Fprintf(&b, "metadata: name=%s stateDir=%s\n", s.Metadata.Name, s.Metadata.StateDir)
	for _, h := range s.Hosts {
		c := h.Connection
		fmt.Fprintf(&b, "host %s roles=%v connection=%s root=%s\n", h.Name, h.Roles, c.Type, c.Root)
		if c.Type == ConnWinRM {
			fmt.Fprintf(&b, "  winrm: endpoint=%s user=%s password=%s auth=%s ca=%s\n", c.Endpoint, c.User, c.Password.Ref(), c.Auth, c.CACertificate)
		}
	}
	for _, inst := range s.Instances() {
		fmt.Fprintf(&b, "\n%s  from %s at %d:%d\n", inst.Addr, inst.Source, inst.Pos.Line, inst.Pos.Col)
		if len(inst.DependsOn) > 0 {
			fmt.Fprintf(&b, "  dependsOn: %v\n", inst.DependsOn)
		}
		if len(inst.Subscribes) > 0 {
			fmt.Fprintf(&b, "  subscribes: %v\n", inst.Subscribes)
		}
		switch {
		case inst.Keystore != nil:
			k := inst.Keystore
			fmt.Fprintf(&b, "  keystore: hosts=%v path=%s type=%s password=%s create=%v\n", k.Hosts, k.Path, k.Type, k.Password.Ref(), k.Create)
			for _, e := range k.Entries {
				cn := "<not parsed>"
				if e.Cert != nil {
					cn = e.Cert.Subject.CommonName
				}
				fmt.Fprintf(&b, "  entry: alias=%s certificate=%s cn=%s\n", e.Alias, e.Certificate, cn)
			}
		case inst.SpogConfig != nil:
			c := inst.SpogConfig
			fmt.Fprintf(&b, "  spog_config: hosts=%v path=%s protocol=%s name=%s\n", c.Hosts, c.Path, c.WebServerProtocol, c.WebServerName)
		case inst.Service != nil:
			c := inst.Service
			fmt.Fprintf(&b, "  service: hosts=%v service=%q restartOn=%v\n", c.Hosts, c.Service, c.RestartOn)
		case inst.Certificate != nil:
			c := inst.Certificate
			fmt.Fprintf(&b, "  certificate: source=%s shared=%v fqdn=%s cn=%s dnsNames=%v o=%q keySize=%d validity=%s renewBefore=%s friendlyName=%q issuer=%v signed=%s\n",
				c.Source, c.IsShared(), c.FQDN, c.CommonName, c.DNSNames, c.Organization, c.KeySize, c.Validity, c.RenewBefore, c.FriendlyName, c.Issuer, c.SignedCertificate)
			if c.CSR != nil {
				fmt.Fprintf(&b, "  csr: dir=%s\n", c.CSR.Dir)
			}
		case inst.IISBinding != nil:
			c := inst.IISBinding
			fmt.Fprintf(&b, "  iis_binding: site=%q port=%d certificate=%v\n", c.Site, c.Port, c.Certificate)
		}
		if inst.ECEAdmin != nil {
			fmt.Fprintf(&b, "  eceAdmin: backend=%s root=%s\n", inst.ECEAdmin.Backend, inst.ECEAdmin.Root)
		}
		switch {
		case inst.PartitionSSO != nil:
			c := inst.PartitionSSO
			fmt.Fprintf(&b, "  partition_sso: url=%s dnAttribute=%s base=%q searchDN=%s password=%s ssl=%v keystore=%s testUser=%s\n",
				c.URL, c.DNAttribute, c.Base, c.SearchDN, c.Password.Ref(), *c.SSLEnabled, c.KeystorePath, c.TestUser)
		case inst.TraceLevel != nil:
			c := inst.TraceLevel
			fmt.Fprintf(&b, "  trace_level: process=%s level=%d maxDuration=%s\n", c.Process, c.Level, c.MaxDuration)
		case inst.UCCEIntegration != nil:
			c := inst.UCCEIntegration
			fmt.Fprintf(&b, "  ucce_integration: awdb=%s:%d/%s user=%s password=%s instance=%s pgs=%v\n",
				c.AWDB.Server, c.AWDB.Port, c.AWDB.Database, c.AWDB.User, c.AWDB.Password.Ref(), c.ApplicationInstance, c.AgentPGs)
		}
		if inst.Check != nil {
			fmt.Fprintf(&b, "  check: %s pcce=%s\n", inst.Check.Name, inst.PCCE.URL)
		}
		if m := inst.Machine; m != nil {
			fmt.Fprintf(&b, "  machine: type=%s name=%s host=%s pa=%s/%s instance=%s csv=%s\n",
				m.Type, m.Name, m.HostName, m.PartitionAdmin.User, m.PartitionAdmin.Password.Ref(), m.ApplicationInstance, m.CSVFile)
		}
		for _, tf := range inst.TrustFrom {
			fmt.Fprintf(&b, "  trustFrom: alias=%s certificate=%v\n", tf.Alias, tf.Certificate)
		}
	}
	out := strings.ReplaceAll(b.String(), s.Dir, "<dir>")
	return strings.ReplaceAll(out, filepath.Dir(s.Dir), "<testdata>")
}
