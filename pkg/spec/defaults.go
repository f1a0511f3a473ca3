package spec

import (
	"fmt"
	"path/filepath"
	"strings"
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
	if in := s.Integration; in != nil {
		if ad := in.ActiveDirectory; ad != nil {
			defaultStore(&ad.Keystore, "integration.activeDirectory.keystore", has)
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
