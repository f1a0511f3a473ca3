package spec

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Documented defaults.
const (
	DefaultKeystoreType      = "jks"
	DefaultTruststorePass    = "changeit" // the JDK cacerts default; public
	DefaultRestartService    = "Apache Tomcat"
	DefaultWebServerProtocol = "https"
	// SpogConfigRelPath is spog_config.js below {ECE_HOME}.
	SpogConfigRelPath = `eService\templates\finesse\gadget\spog\spog_config.js`
	// DefaultStateDirRoot is the state folder's parent, relative to the spec.
	DefaultStateDirRoot = ".ecereconcile"

	DefaultKeySize      = 2048
	MinKeySize          = 2048 // the tech note: RSA 2048 or more
	DefaultValidity     = Duration(825 * Day)
	DefaultRenewBefore  = Duration(30 * Day)
	DefaultFriendlyName = "ECE web (ecereconcile)"
	DefaultIISSite      = "Default Web Site"
	DefaultHTTPSPort    = 443
	DefaultWinRMPort    = 5986
	DefaultDNAttribute  = "userPrincipalName"
	DefaultAWDBPort     = 1433
	DefaultStatusWait   = Duration(60 * time.Second)
	// DefaultPCCERequestTimeout bounds one request to the Unified Config
	// API (the whole operation, retries included, has 2m).
	DefaultPCCERequestTimeout = Duration(30 * time.Second)
)

// Keystore types.
const (
	KeystoreJKS    = "jks"
	KeystorePKCS12 = "pkcs12"
)

// applyDefaults fills the documented defaults in place. It runs after
// decoding and before validation; has tells whether a field was written.
// Only absent fields get a default: a field written empty stays empty, and
// validation says so, rather than quietly meaning the default.
func applyDefaults(s *Spec, has func(string) bool) {
	if s.Metadata.StateDir == "" {
		s.Metadata.StateDir = filepath.Join(DefaultStateDirRoot, s.Metadata.Name)
	}
	if s.Dir != "" && !filepath.IsAbs(s.Metadata.StateDir) {
		s.Metadata.StateDir = filepath.Join(s.Dir, s.Metadata.StateDir)
	}
	for i := range s.Hosts {
		c := &s.Hosts[i].Connection
		if c.Type != ConnWinRM {
			continue
		}
		p := fmt.Sprintf("hosts[%d].connection", i)
		if !has(p + ".auth") {
			c.Auth = WinRMAuthNTLM
		}
		if !has(p+".endpoint") && s.Hosts[i].FQDN != "" {
			c.Endpoint = fmt.Sprintf("https://%s:%d/wsman", s.Hosts[i].FQDN, DefaultWinRMPort)
		}
	}
	if in := s.Integration; in != nil {
		if wc := in.WebCertificate; wc != nil {
			defaultWebCert(wc, in.ECE.FQDN, has)
		}
		if b := in.IISBinding; b != nil {
			if !has("integration.iisBinding.site") {
				b.Site = DefaultIISSite
			}
			if !has("integration.iisBinding.port") {
				b.Port = DefaultHTTPSPort
			}
		}
		if ad := in.ActiveDirectory; ad != nil {
			defaultStore(&ad.Keystore, "integration.activeDirectory.keystore", has)
		}
		if ps := in.PartitionSSO; ps != nil {
			if !has("integration.partitionSSO.dnAttribute") {
				ps.DNAttribute = DefaultDNAttribute
			}
			if ps.SSLEnabled == nil {
				on := true
				ps.SSLEnabled = &on
			}
			if !has("integration.partitionSSO.keystorePath") && in.ActiveDirectory != nil {
				ps.KeystorePath = in.ActiveDirectory.Keystore.Path
			}
		}
		if p := in.PCCE; p != nil && !has("integration.pcce.requestTimeout") {
			p.RequestTimeout = DefaultPCCERequestTimeout
		}
		if inv := in.Inventory; inv != nil && !has("integration.inventory.statusWait") {
			inv.StatusWait = DefaultStatusWait
		}
		if inv := in.Inventory; inv != nil && in.PCCE != nil {
			switch in.PCCE.DeploymentModel {
			case Model2000:
				if !has("integration.inventory.applicationInstance") {
					inv.ApplicationInstance = MultiChannel
				}
			case Model4000, Model12000:
				if !has("integration.inventory.csvFile") {
					// It holds the PA password PCCE imports: in the state
					// folder, not beside the spec in a git working tree.
					inv.CSVFile = filepath.Join(s.Metadata.StateDir, DefaultInventoryCSV)
				}
			}
		}
		if u := in.UCCEIntegration; u != nil && !has("integration.ucceIntegration.awdb.port") {
			u.AWDB.Port = DefaultAWDBPort
		}
		if sc := in.SpogConfig; sc != nil {
			if !has("integration.spogConfig.webServerProtocol") {
				sc.WebServerProtocol = DefaultWebServerProtocol
			}
			if !has("integration.spogConfig.webServerName") {
				sc.WebServerName = in.ECE.FQDN
			}
			if !has("integration.spogConfig.path") && in.ECE.Home != "" {
				sc.Path = SpogConfigPath(in.ECE.Home)
			}
		}
		if at := in.ADSTrust; at != nil {
			defaultStore(&at.Truststore, "integration.adsTrust.truststore", has)
			if !has("integration.adsTrust.truststore.password") {
				at.Truststore.Password = SecretRef{Default: DefaultTruststorePass}
			}
			if !has("integration.adsTrust.restartService") {
				at.RestartService = DefaultRestartService
			}
		}
	}
	for i := range s.Resources {
		if k := s.Resources[i].Keystore; k != nil {
			defaultStore(&k.KeystoreStore, fmt.Sprintf("resources[%d].keystore", i), has)
		}
	}
}

func defaultWebCert(wc *WebCertificate, fqdn string, has func(string) bool) {
	const p = "integration.webCertificate"
	if !has(p+".commonName") && wc.Source != CertSourcePFX {
		wc.CommonName = fqdn
	}
	if !has(p+".dnsNames") && wc.CommonName != "" {
		wc.DNSNames = []string{wc.CommonName}
	}
	if !has(p + ".keySize") {
		wc.KeySize = DefaultKeySize
	}
	if !has(p + ".validity") {
		wc.Validity = DefaultValidity
	}
	if !has(p + ".renewBefore") {
		wc.RenewBefore = DefaultRenewBefore
	}
	if !has(p + ".friendlyName") {
		wc.FriendlyName = DefaultFriendlyName
	}
}

func defaultStore(k *KeystoreStore, path string, has func(string) bool) {
	if !has(path + ".type") {
		k.Type = DefaultKeystoreType
	}
	k.Type = strings.ToLower(k.Type)
}

// SpogConfigPath is spog_config.js below an ECE home folder, written the
// way the home is (backslashes).
func SpogConfigPath(home string) string {
	return strings.TrimRight(home, `\/`) + `\` + SpogConfigRelPath
}
