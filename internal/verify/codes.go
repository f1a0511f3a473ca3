package verify

import "github.com/ecereconcile/ecereconcile/pkg/resources/check"

// Reason codes of non-pass results. They are for display and for scripts
// reading the JSON document.
const (
	// PKIXPathBuildingFailed: the chain the web server presents does not
	// build to any trusted certificate of the ADS truststore; PCCE's Tomcat
	// fails with "PKIX path building failed".
	PKIXPathBuildingFailed = "PKIXPathBuildingFailed"
	// CertificateExpired: a certificate of the presented chain is expired or
	// not valid yet.
	CertificateExpired = "CertificateExpired"
	// InsecureSignature: the chain is signed with SHA-1 (or another
	// algorithm Go refuses); that is not a missing trust entry, and
	// importing certificates does not fix it: reissue with SHA-256.
	InsecureSignature = "InsecureSignature"
	// CertificateInvalid: the chain builds but is not usable for a TLS
	// server (key usage, basic constraints, name constraints).
	CertificateInvalid = "CertificateInvalid"
	// HostnameMismatch: the presented certificate is not valid for the name
	// SPOG uses (ece.fqdn, or the inventory's hostName).
	HostnameMismatch = "HostnameMismatch"
	// FQDNOnlyInCN: the certificate has no DNS SAN and names the FQDN only
	// in its CN, which browsers and recent Java clients ignore.
	FQDNOnlyInCN = "FQDNOnlyInCN"
	// NoCertificatePresented: the web server answers no TLS handshake for
	// the FQDN on the port (no https binding, or no http.sys binding).
	NoCertificatePresented = "NoCertificatePresented"
	// SNIRequired: the https binding requires Server Name Indication, or the
	// server presents a certificate only to clients that send a name.
	SNIRequired = "SNIRequired"
	// BindingHostName: the https binding has a host name; the tech note
	// wants it empty.
	BindingHostName = "BindingHostName"
	// SNICertificateDiffers: the server presents another certificate
	// without SNI than with SNI = ece.fqdn.
	SNICertificateDiffers = "SNICertificateDiffers"
	// InventoryWebServerMissing: PCCE's inventory has no ECE web server.
	InventoryWebServerMissing = "InventoryWebServerMissing"
	// InventoryHostNameNotFQDN: the ECE web server's inventory hostName is a
	// short name or an IP address; the tech note wants the full name.
	InventoryHostNameNotFQDN = "InventoryHostNameNotFQDN"
	// NoECEMachines: PCCE's inventory has no ECE machine, so its status has
	// nothing to alert about (steps 4.2 and 4.3 are not done).
	NoECEMachines = "NoECEMachines"
	// InventoryAlert: the inventory status has an alert about an ECE
	// machine (the same code as the inventory_status check resource).
	InventoryAlert = check.InventoryAlert
	// ServiceNotInstalled: the server has no Windows service Cisco Service.
	ServiceNotInstalled = "ServiceNotInstalled"
	// ServiceStopped: Cisco Service is installed but not running.
	ServiceStopped = "ServiceStopped"
	// PartitionSSONotSaved: the ECE admin store has no partition SSO
	// configuration (lab backend).
	PartitionSSONotSaved = "PartitionSSONotSaved"
	// MRDMissing: ECE_Email or ECE_Chat does not exist in PCCE.
	MRDMissing = check.MRDMissing
	// MRDWrongAppInstance: ECE_Email or ECE_Chat is associated with no, or
	// another, application instance.
	MRDWrongAppInstance = check.MRDWrongAppInstance
	// UCCEIntegrationNotSaved: ECE's Unified CCE integration is not saved
	// (step 5), so agents cannot be enabled for email and chat.
	UCCEIntegrationNotSaved = "UCCEIntegrationNotSaved"
	// UCCEWrongAppInstance: the saved integration names another
	// application instance than the spec.
	UCCEWrongAppInstance = "UCCEWrongAppInstance"
	// ManualConsole: only a person can check this in the console (skip).
	ManualConsole = "ManualConsole"
	// NotConfigured: the spec has nothing this check needs (skip).
	NotConfigured = "NotConfigured"
	// Unavailable: the check could not run: a server did not answer, a
	// file could not be read, the timeout passed (error).
	Unavailable = "Unavailable"
)
