package lab

// Names of the lab's world.
const (
	// Domain is the lab's Active Directory domain.
	Domain = "lab.example.com"
	// ECEFQDN is the name users and SPOG use to reach ECE.
	ECEFQDN = "ece.lab.example.com"
	// DCFQDN is the domain controller whose LDAPS certificate is in certs/.
	DCFQDN = "dc1.lab.example.com"
	// ECEHome is {ECE_HOME} on the web servers.
	ECEHome = `C:\Cisco\ECE`
	// SpogConfigPath is spog_config.js on every ECE web server (step 3).
	SpogConfigPath = ECEHome + `\eService\templates\finesse\gadget\spog\spog_config.js`
	// CacertsPath is the JDK 8 truststore on every ADS (step 4.1).
	CacertsPath = `C:\Program Files (x86)\OpenJDK\jre-8.0.272.10-hotspot\lib\security\cacerts`
	// CacertsPassword is the JDK's well-known default truststore password;
	// public, so not a secret.
	CacertsPassword = "changeit"
	// ECEKeystorePath is the keystore apply creates on the ECE app servers
	// (step 2.1); the lab leaves it, and its folder, absent.
	ECEKeystorePath = `C:\ece\pcce\mydomain.jks`
	// OldWebCertHost is the web server seeded with an https binding that
	// breaks SPOG: host name set, SNI on, its own certificate.
	OldWebCertHost = "ece-web-b"
	// TomcatService is restarted on an ADS after its truststore changed.
	TomcatService = "Apache Tomcat"
	// CiscoService is the ECE Windows service; it runs on every ECE server
	// except the web servers (the tech note's troubleshooting: "Cisco
	// Service" not started).
	CiscoService = "Cisco Service"
)

// Files of the lab, relative to its folder, with forward slashes.
const (
	SpecFile         = "spec.yaml"
	ReadmeFile       = "README.txt"
	ADCertFile       = "certs/ad-dc.crt"
	ADKeyFile        = "certs/ad-dc.key"
	KeystorePassFile = "secrets/ece-keystore.pass"
	// LDAPSearchPassFile is the password of the AD search account ECE binds
	// with (step 2.2); the lab directory accepts it.
	LDAPSearchPassFile = "secrets/ldap-search.pass"
	// AWDBPassFile is the AW database password of the UCCE integration (5).
	AWDBPassFile = "secrets/awdb.pass"
	// PCCEAdminPassFile is the PCCE administrator's password (REST API).
	PCCEAdminPassFile = "secrets/pcce-admin.pass"
	// PAPassFile is the ECE partition administrator's password PCCE keeps
	// in the web server's inventory entry (4.3).
	PAPassFile = "secrets/ece-pa.pass"
	// AWCertFile, AWKeyFile are the AW's self-signed certificate (as a PCCE
	// AW has out of the box), served by the lab's PCCE simulator.
	AWCertFile = "certs/pcce-aw.crt"
	AWKeyFile  = "certs/pcce-aw.key"
	// PCCEStateFile keeps the simulated PCCE's inventory between serves.
	PCCEStateFile = ".lab/pcce/state.json"
)

// The lab's PCCE.
const (
	AWFQDN    = "aw1." + Domain
	PCCEAdmin = "administrator@" + Domain
	PAUser    = "pa@" + Domain
)

// serverSecrets are the lab's generated passwords besides the keystore's,
// in the order they are drawn.
var serverSecrets = []string{LDAPSearchPassFile, AWDBPassFile, PCCEAdminPassFile, PAPassFile}

// The lab's Active Directory (served by `lab serve`, pkg/lab/addir).
const (
	ADBaseDN      = "DC=lab,DC=example,DC=com"
	ADSearchDN    = "CN=svc-ece,OU=Service," + ADBaseDN
	ADSearchUPN   = "svc-ece@" + Domain
	ADTestUserUPN = "agent1@" + Domain
	ADTestUserDN  = "CN=Agent One,OU=Agents," + ADBaseDN
)

// HostInfo is one server of the lab.
type HostInfo struct {
	Name  string
	Roles []string
}

// FQDN is the host's name in the lab domain.
func (h HostInfo) FQDN() string { return h.Name + "." + Domain }

// HasRole reports whether the host plays role.
func (h HostInfo) HasRole(role string) bool {
	for _, r := range h.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Topology returns the lab's servers, an HA 400-agent deployment, in spec
// order: two ECE web servers, two ECE app servers, the ECE data (services)
// server and the two PCCE AW/ADS. Roles are pkg/spec's role names; they are
// spelled out here so that seeding a lab does not depend on the spec parser.
func Topology() []HostInfo {
	return []HostInfo{
		{Name: "ece-web-a", Roles: []string{"ece-web"}},
		{Name: "ece-web-b", Roles: []string{"ece-web"}},
		{Name: "ece-app-a", Roles: []string{"ece-app"}},
		{Name: "ece-app-b", Roles: []string{"ece-app"}},
		{Name: "ece-data", Roles: []string{"ece-data"}},
		{Name: "ads-a", Roles: []string{"pcce-ads"}},
		{Name: "ads-b", Roles: []string{"pcce-ads"}},
	}
}
