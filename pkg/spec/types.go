package spec

import (
	"crypto/x509"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// APIVersion is the only schema version this tool reads.
const APIVersion = "ecereconcile/v1"

// Kind is the only document kind.
const Kind = "Environment"

// Host roles, in the tech note's vocabulary.
const (
	RoleECEWeb  = "ece-web"  // ECE web server (steps 1, 3)
	RoleECEApp  = "ece-app"  // ECE application server (step 2.1)
	RoleECEData = "ece-data" // ECE data / services server (step 4.2)
	RolePCCEADS = "pcce-ads" // PCCE AW / ADS (step 4.1)
)

// Connection types.
const (
	ConnLocal = "local"
	ConnLab   = "lab"
	ConnWinRM = "winrm"
)

// WinRM authentication schemes.
const (
	WinRMAuthNTLM  = "ntlm"
	WinRMAuthBasic = "basic"
)

// Web certificate sources (step 1.1).
const (
	CertSourceSelfSigned = "self-signed"
	CertSourcePFX        = "pfx"
	CertSourceCSR        = "csr"
)

// Spec is one environment: the document a user writes.
type Spec struct {
	APIVersion  string         `yaml:"apiVersion"`
	Kind        string         `yaml:"kind"`
	Metadata    Metadata       `yaml:"metadata"`
	Hosts       []Host         `yaml:"hosts"`
	Integration *Integration   `yaml:"integration,omitempty"`
	Resources   []ResourceDecl `yaml:"resources,omitempty"`

	// Filled by Load.
	File string `yaml:"-"` // path of the spec as given
	Dir  string `yaml:"-"` // folder relative paths are resolved against
	// Hash is "sha256:<hex>" over the spec's bytes and every referenced
	// file's bytes (certificates), never over secret values.
	Hash string `yaml:"-"`

	// instances is the expansion computed and checked by Load.
	instances []Instance
}

// Metadata names the environment.
type Metadata struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description,omitempty"`
	Labels      map[string]string `yaml:"labels,omitempty"`
	// StateDir holds the run state (pending notifications, locks); relative
	// to the spec; default ".ecereconcile/<name>".
	StateDir string `yaml:"stateDir,omitempty"`
}

// Host is one server.
type Host struct {
	Name       string     `yaml:"name"`
	FQDN       string     `yaml:"fqdn,omitempty"`
	Roles      []string   `yaml:"roles"`
	Connection Connection `yaml:"connection"`
}

// Connection says how to reach a host.
type Connection struct {
	Type string `yaml:"type"` // local | lab | winrm
	// Root is the lab host's folder (lab only), relative to the spec.
	Root string `yaml:"root,omitempty"`

	// WinRM only. Endpoint defaults to https://<fqdn>:5986/wsman; only
	// HTTPS is accepted, and the server certificate is verified against
	// CACertificate (a PEM bundle, relative to the spec) or the system roots.
	Endpoint      string    `yaml:"endpoint,omitempty"`
	User          string    `yaml:"user,omitempty"`
	Password      SecretRef `yaml:"password,omitempty"`
	Auth          string    `yaml:"auth,omitempty"` // ntlm (default) | basic
	CACertificate string    `yaml:"caCertificate,omitempty"`
}

// SecretRef points at a secret; a spec never holds the value itself.
// Exactly one of Env and File is set, unless the reference is a documented
// default (Default, filled by defaulting, never by the user).
type SecretRef struct {
	Env  string `yaml:"env,omitempty"`
	File string `yaml:"file,omitempty"` // relative to the spec; made absolute by Load
	// Default is a well-known public value used when the user gave no
	// reference (the JDK cacerts password "changeit"). Not settable in YAML.
	Default string `yaml:"-"`
}

// Integration is the tech note, step by step. Each block fans out to every
// host of the role the tech note says to repeat it on.
type Integration struct {
	ECE             ECEConfig        `yaml:"ece"`
	ActiveDirectory *ActiveDirectory `yaml:"activeDirectory,omitempty"`
	SpogConfig      *SpogConfig      `yaml:"spogConfig,omitempty"`
	ADSTrust        *ADSTrust        `yaml:"adsTrust,omitempty"`
	WebCertificate  *WebCertificate  `yaml:"webCertificate,omitempty"`
	IISBinding      *IISBinding      `yaml:"iisBinding,omitempty"`

	// PCCE is the AW/ADS whose Unified Config REST API holds the inventory
	// and the MRDs (steps 0, 4.2, 4.3, 6.1).
	PCCE      *PCCE      `yaml:"pcce,omitempty"`
	Inventory *Inventory `yaml:"inventory,omitempty"`

	// ECEAdmin says how ECE's admin settings are reached (steps 2.2, 5, T).
	ECEAdmin        *ECEAdmin        `yaml:"eceAdmin,omitempty"`
	PartitionSSO    *PartitionSSO    `yaml:"partitionSSO,omitempty"`
	TraceLevels     []TraceLevel     `yaml:"traceLevels,omitempty"`
	UCCEIntegration *UCCEIntegration `yaml:"ucceIntegration,omitempty"`
}

// Deployment models (agents).
const (
	Model2000  = "2000"
	Model4000  = "4000"
	Model12000 = "12000"
)

// PCCE is the Unified Config REST endpoint of an AW/ADS.
type PCCE struct {
	// URL is https://<AW or ADS>; the API is below /unifiedconfig/config.
	URL      string    `yaml:"url"`
	User     string    `yaml:"user"`
	Password SecretRef `yaml:"password"`
	// CACertificate is the PEM file of the CA (or the self-signed
	// certificate) that the AW presents; verification is never skipped.
	CACertificate string `yaml:"caCertificate"`
	// DeploymentModel is 2000, 4000 or 12000 (agents).
	DeploymentModel string `yaml:"deploymentModel"`
	// Version and Patches declare the PCCE release ("12.0(1)", [ES37]),
	// checked against the tech note's minimums.
	Version string   `yaml:"version,omitempty"`
	Patches []string `yaml:"patches,omitempty"`
	// WXMAnalyzer: the Webex Experience Management analyzer is used (12.5
	// needs PCCE ES7 and ECE ES1).
	WXMAnalyzer bool `yaml:"wxmAnalyzer,omitempty"`
	// RequestTimeout bounds one request to the API (default 30s); one
	// operation, retries and paging included, stays within 2 minutes.
	RequestTimeout Duration `yaml:"requestTimeout,omitempty"`
}

// Inventory is steps 4.2 and 4.3: the ECE data server(s) and the ECE web
// server in the PCCE inventory.
type Inventory struct {
	// ApplicationInstance is case-sensitive: MultiChannel for the 2000-agent
	// model, {site}_{peripheralSet}_{instance} for 4000/12000.
	ApplicationInstance string `yaml:"applicationInstance,omitempty"`
	// PartitionAdmin are the ECE partition administrator's credentials
	// PCCE uses to reach ECE.
	PartitionAdmin Credentials `yaml:"partitionAdmin"`
	// CSVFile is where the bulk-inventory CSV is written for the
	// 4000/12000-agent models (relative to the spec).
	CSVFile string `yaml:"csvFile,omitempty"`
	// StatusWait is how long apply waits for PCCE to validate changed
	// machines before it reads /machineinventory/status (default 60s).
	StatusWait Duration `yaml:"statusWait,omitempty"`
}

// MachineInst is one PCCE inventory entry.
type MachineInst struct {
	Type     string // ECE | ECE_WEB_SERVER
	Name     string // inventory name
	HostName string // FQDN
	// ECE_WEB_SERVER only.
	PartitionAdmin      Credentials
	ApplicationInstance string
	// CSVFile: machines are added by a bulk CSV upload (4000/12000 agents).
	CSVFile string
}

// CheckInst is one PCCE assertion.
type CheckInst struct {
	Name                string   // mrds | app_instance | inventory_status
	ApplicationInstance string   // mrds, app_instance
	StatusWait          Duration // inventory_status: bounds its polls
}

// Credentials are a user and a password reference.
type Credentials struct {
	User     string    `yaml:"user"`
	Password SecretRef `yaml:"password"`
}

// ECE admin backends.
const (
	ECEAdminManual = "manual"
	ECEAdminLab    = "lab"
)

// ECEAdmin chooses the ECE admin backend: manual (an operator task shown
// and attested) or lab (the lab's simulated admin store under Root).
type ECEAdmin struct {
	Backend string `yaml:"backend"`
	Root    string `yaml:"root,omitempty"` // lab only, relative to the spec; made absolute by Load
}

// PartitionSSO is step 2.2: the partition administrator's LDAP settings.
type PartitionSSO struct {
	URL         string    `yaml:"url"`                   // ldaps://gc.example.com:3269
	DNAttribute string    `yaml:"dnAttribute,omitempty"` // default userPrincipalName
	Base        string    `yaml:"base,omitempty"`        // empty with a Global Catalog
	SearchDN    string    `yaml:"searchDN"`
	Password    SecretRef `yaml:"password"`
	SSLEnabled  *bool     `yaml:"sslEnabled,omitempty"` // default true
	// KeystorePath defaults to activeDirectory.keystore.path (step 2.1).
	KeystorePath string `yaml:"keystorePath,omitempty"`
	// TestUser is a userPrincipalName the verification searches for.
	TestUser string `yaml:"testUser,omitempty"`
}

// TraceLevel sets one ECE process's trace level (troubleshooting).
type TraceLevel struct {
	Process     string   `yaml:"process"` // EAAS-process, EAMS-process, dx-process, rx-process
	Level       int      `yaml:"level"`   // 1..8
	MaxDuration Duration `yaml:"maxDuration,omitempty"`
}

// UCCEIntegration is step 5; saving it in ECE is permanent.
type UCCEIntegration struct {
	AWDB                AWDB     `yaml:"awdb"`
	ApplicationInstance string   `yaml:"applicationInstance"`
	AgentPGs            []string `yaml:"agentPGs"`
}

// AWDB is the AW database ECE reads.
type AWDB struct {
	Server   string    `yaml:"server"`
	Port     int       `yaml:"port,omitempty"` // default 1433
	Database string    `yaml:"database"`
	User     string    `yaml:"user"`
	Password SecretRef `yaml:"password"`
}

// WebCertificate is tech note step 1.1: the certificate of every ECE web
// server, in LocalMachine\My.
type WebCertificate struct {
	// Source is self-signed (made by ecereconcile), pfx (a CA-signed PFX
	// given by the user) or csr (a request for the CA, completed when
	// SignedCertificate is given).
	Source string `yaml:"source"`
	// Shared: the same key and certificate on every web server (SSL
	// pass-through HA; default true). false: one certificate per server
	// (SSL offload at a load balancer).
	Shared *bool `yaml:"shared,omitempty"`
	// CommonName defaults to ece.fqdn; DNSNames to [CommonName]. The FQDN
	// must be the CN or a DNS SAN (tech note: "certificate mismatch").
	CommonName   string   `yaml:"commonName,omitempty"`
	DNSNames     []string `yaml:"dnsNames,omitempty"`
	Organization string   `yaml:"organization,omitempty"`
	// KeySize is the RSA key size in bits (default 2048, at least 2048).
	KeySize int `yaml:"keySize,omitempty"`
	// Validity of a self-signed certificate (default 825d).
	Validity Duration `yaml:"validity,omitempty"`
	// RenewBefore: a certificate expiring within it is re-issued (default 30d).
	RenewBefore Duration `yaml:"renewBefore,omitempty"`
	// FriendlyName in the store (default "ECE web (ecereconcile)").
	FriendlyName string `yaml:"friendlyName,omitempty"`

	// PFX source.
	PFX *PFXFile `yaml:"pfx,omitempty"`
	// CSR source.
	CSR *CSRFiles `yaml:"csr,omitempty"`
}

// IsShared reports whether every web server gets the same certificate.
func (w *WebCertificate) IsShared() bool { return w.Shared == nil || *w.Shared }

// PFXFile is a PFX the user gives.
type PFXFile struct {
	File     string    `yaml:"file"` // relative to the spec; made absolute by Load
	Password SecretRef `yaml:"password"`
}

// CSRFiles are the files of the CSR flow.
type CSRFiles struct {
	// Dir is the folder (relative to the spec) where the requests are
	// written for the CA: <dir>/<host>.csr.pem.
	Dir string `yaml:"dir"`
	// SignedCertificate is the CA's answer (PEM or DER); when given, the
	// request is completed. With shared: false, a {host} placeholder names
	// one file per server.
	SignedCertificate string `yaml:"signedCertificate,omitempty"`
}

// IISBinding is tech note step 1.2: the https binding of the ECE site.
type IISBinding struct {
	Site string `yaml:"site,omitempty"` // default "Default Web Site"
	Port int    `yaml:"port,omitempty"` // default 443
}

// ECEConfig holds facts about the ECE deployment used by several steps.
type ECEConfig struct {
	// FQDN is the name users and SPOG use to reach ECE; it must be the CN or
	// a DNS SAN of the web certificate.
	FQDN string `yaml:"fqdn"`
	// Home is {ECE_HOME} on the web servers, e.g. C:\Cisco\ECE.
	Home string `yaml:"home"`
	// WebCertificate is the ECE web server certificate file (PEM or DER),
	// step 1.1; relative to the spec.
	WebCertificate string `yaml:"webCertificate"`

	WebCert *x509.Certificate `yaml:"-"` // parsed by Load

	// Version and Patches declare the ECE release ("12.0(1)", [ES3,
	// ES3_ET1a]), checked against the tech note's minimums.
	Version string   `yaml:"version,omitempty"`
	Patches []string `yaml:"patches,omitempty"`
}

// ActiveDirectory is tech note step 2.1: the AD LDAPS certificate in a Java
// keystore on every ECE app server.
type ActiveDirectory struct {
	// Certificate is the domain controller's LDAPS certificate file.
	Certificate string `yaml:"certificate"`
	// Alias under which it is imported (the tech note: mydomaincontroller).
	Alias    string        `yaml:"alias"`
	Keystore KeystoreStore `yaml:"keystore"`

	Cert *x509.Certificate `yaml:"-"` // parsed by Load
}

// KeystoreStore describes a Java keystore file.
type KeystoreStore struct {
	Path     string    `yaml:"path"`
	Type     string    `yaml:"type,omitempty"` // jks (default) | pkcs12
	Password SecretRef `yaml:"password"`
	// Create the store when it does not exist (default false: a missing
	// store is an error).
	Create bool `yaml:"create,omitempty"`
}

// SpogConfig is tech note step 3.
type SpogConfig struct {
	// Path defaults to {ECE_HOME}\eService\templates\finesse\gadget\spog\spog_config.js.
	Path              string `yaml:"path,omitempty"`
	WebServerProtocol string `yaml:"webServerProtocol,omitempty"` // default https
	WebServerName     string `yaml:"webServerName,omitempty"`     // default ece.fqdn
}

// ADSTrust is tech note step 4.1.
type ADSTrust struct {
	// Truststore defaults: type jks, password the JDK default "changeit".
	Truststore KeystoreStore `yaml:"truststore"`
	// Certificates to trust. Empty means the self-signed case: the ECE web
	// certificate under the alias ece.fqdn. For a CA-signed certificate list
	// the root and intermediates.
	Certificates []TrustEntry `yaml:"certificates,omitempty"`
	// RestartService is restarted after the truststore changed; default
	// "Apache Tomcat".
	RestartService string `yaml:"restartService,omitempty"`
}

// TrustEntry is one trusted certificate under an alias.
type TrustEntry struct {
	Alias       string `yaml:"alias"`
	Certificate string `yaml:"certificate"` // file, relative to the spec

	Cert *x509.Certificate `yaml:"-"` // parsed by Load
}

// ResourceDecl is one item of the low-level resources list: exactly one of
// its fields is set, and the field's name is the kind.
type ResourceDecl struct {
	Keystore   *KeystoreDecl   `yaml:"keystore,omitempty"`
	SpogConfig *SpogConfigDecl `yaml:"spog_config,omitempty"`
	Service    *ServiceDecl    `yaml:"service,omitempty"`
}

// Common are the fields every low-level resource has.
type Common struct {
	Name  string   `yaml:"name"`
	Hosts []string `yaml:"hosts"`
	// DependsOn lists "kind.name" (every instance, or the one on the same
	// host when there is one) or "kind.name[host]".
	DependsOn []string `yaml:"dependsOn,omitempty"`
}

// KeystoreDecl manages trusted-certificate entries in a Java keystore.
type KeystoreDecl struct {
	Common        `yaml:",inline"`
	KeystoreStore `yaml:",inline"`
	Entries       []TrustEntry `yaml:"entries"`
}

// SpogConfigDecl manages the two values of spog_config.js.
type SpogConfigDecl struct {
	Common            `yaml:",inline"`
	Path              string `yaml:"path"`
	WebServerProtocol string `yaml:"webServerProtocol"`
	WebServerName     string `yaml:"webServerName"`
}

// ServiceDecl restarts a service when a resource it subscribes to changed.
type ServiceDecl struct {
	Common  `yaml:",inline"`
	Service string `yaml:"service"`
	// RestartOn lists the resources ("kind.name") whose change restarts the
	// service; the instance on the same host is meant.
	RestartOn []string `yaml:"restartOn"`
}

// CertificateInst is one web server's certificate resource.
type CertificateInst struct {
	WebCertificate
	// FQDN is ece.fqdn, which must be the CN or a DNS SAN.
	FQDN string
	// Issuer is the certificate resource this one copies (shared mode, every
	// web server but the first); zero on the first.
	Issuer resources.Addr
	// SignedCertificate is CSR.SignedCertificate for this host, resolved
	// (absolute, {host} replaced); empty when not given.
	SignedCertificate string
}

// IISBindingInst is one web server's https binding resource.
type IISBindingInst struct {
	IISBinding
	// Certificate is the certificate resource whose thumbprint it binds.
	Certificate resources.Addr
}

// TrustFrom is a trusted entry whose certificate comes from a certificate
// resource's final state (the self-signed web certificate).
type TrustFrom struct {
	Alias       string
	Certificate resources.Addr
}

// Instance is one resource on one host after expansion: what the engine
// builds a Resource from. Exactly one of Keystore, SpogConfig, Service,
// Certificate, IISBinding, Machine, Check, PartitionSSO, TraceLevel and
// UCCEIntegration is set.
type Instance struct {
	Addr       resources.Addr
	DependsOn  []resources.Addr
	Subscribes []resources.Addr
	// Source names where it was declared, for messages:
	// "integration.adsTrust" or "resources[2].keystore".
	Source string
	Pos    Pos

	Keystore    *KeystoreDecl
	SpogConfig  *SpogConfigDecl
	Service     *ServiceDecl
	Certificate *CertificateInst
	IISBinding  *IISBindingInst
	// PCCE-wide (Addr.Host is PCCEHost), through PCCE's REST API.
	PCCE    *PCCE
	Machine *MachineInst
	Check   *CheckInst
	// TrustFrom adds entries to Keystore from upstream certificate resources.
	TrustFrom []TrustFrom

	// ECE-wide settings (Addr.Host is ECEHost), through ECEAdmin's backend.
	ECEAdmin        *ECEAdmin
	PartitionSSO    *PartitionSSO
	TraceLevel      *TraceLevel
	UCCEIntegration *UCCEIntegration
}

// Pos is a position in the spec file.
type Pos struct {
	Line, Col int
}
