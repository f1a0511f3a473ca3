package spec

import "strings"

// This file is the one place where the JSON Schema's descriptions, closed
// sets, patterns and bounds are written down. The sets and patterns are the
// validator's own (its constants, slices and regular expressions); a test
// (schema_test.go) probes every constraint against Parse, so the schema
// cannot silently disagree with validate, and fails when a field of the Go
// types has no entry here.

const schemaTitle = "ecereconcile environment spec (" + APIVersion + ")"

// fieldDoc documents one YAML field for the schema.
type fieldDoc struct {
	desc string
	// required: validate rejects the enclosing block without it (a
	// string then also needs at least one character, a list one item).
	required bool
	// enum is the closed set validate accepts; numeric: the values are
	// numbers and may be written unquoted.
	enum    []string
	numeric bool
	pattern string // a regular expression a string (or each item) matches
	minLen  int
	maxLen  int
	// min, max bound a whole number; nil is the decoder's 0..2147483647.
	min, max *int
	// minItems, unique constrain a list.
	minItems int
	unique   bool
	def      any // the documented default, for editors
}

// Patterns, from the validator's regular expressions.
var (
	objectNamePattern = objectName.String()
	envNamePattern    = envName.String()
	resourcePattern   = resourceName.String()
	dnsNamePattern    = `^` + anchored(dnsLabel.String()) + `(\.` + anchored(dnsLabel.String()) + `)*$`
	// durationPattern is what ParseDuration reads: whole days, or a Go
	// duration of one or more number+unit pairs (or 0).
	durationPattern = `^\s*(\+?[0-9]+d|0|\+?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)\s*$`
)

// maxDNSName is the longest DNS name checkDNSName accepts.
const maxDNSName = 253

func dnsName(desc string) fieldDoc {
	return fieldDoc{desc: desc, pattern: dnsNamePattern, maxLen: maxDNSName}
}

func port(desc string, def int) fieldDoc {
	return fieldDoc{desc: desc, min: new(1), max: new(65535), def: def}
}

var (
	keystoreTypes = []string{KeystoreJKS, KeystorePKCS12, "JKS", "PKCS12"} // read case-insensitively
	protocols     = []string{"https", "http"}
	winrmAuths    = []string{WinRMAuthNTLM, WinRMAuthBasic}
	certSources   = []string{CertSourceSelfSigned, CertSourcePFX, CertSourceCSR}
	models        = []string{Model2000, Model4000, Model12000}
	eceBackends   = []string{ECEAdminManual, ECEAdminLab}
)

// typeDocs describes the named types (definitions) of the schema.
var typeDocs = map[string]string{
	"Spec": "One environment of the Cisco ECE <-> PCCE integration: its servers and the tech note's steps as desired state. " +
		"Secrets are references ({env: NAME} or {file: PATH}), never values: specs live in git.",
	"Metadata":   "Names the environment.",
	"Host":       "One server and how ecereconcile reaches it.",
	"Connection": "How ecereconcile reaches a host: local (it runs on the server, or sees its disks at the same paths), lab (a folder of the lab), winrm (PowerShell over WinRM HTTPS).",
	"SecretRef": "A reference to a secret, never the value: {env: NAME} or {file: PATH}, exactly one. " +
		"A file is read whole, one trailing newline trimmed; secret files are not read by validate.",
	"Duration":    "A span: whole days (30d) or a Go duration (12h, 90m, 1h30m).",
	"Integration": "The tech note, step by step. Each block fans out to every host of the role the tech note repeats it on.",
	"ECEConfig":   "Facts about the ECE deployment used by several steps.",
	"ActiveDirectory": "Step 2.1: the domain controller's LDAPS certificate in a Java keystore on every ece-app host " +
		"(the same path on each; created when create is true).",
	"KeystoreStore": "A Java keystore file on the servers.",
	"SpogConfig": "Step 3: web_server_protocol and web_server_name in spog_config.js on every ece-web host " +
		"(backed up first; every other byte kept).",
	"ADSTrust": "Step 4.1: the Java truststore (cacerts) of every pcce-ads host trusts the ECE web certificate " +
		"(self-signed: the certificate itself; CA-signed: the root and intermediates); Apache Tomcat is restarted after a change.",
	"TrustEntry": "A trusted certificate under an alias.",
	"WebCertificate": "Step 1.1: the certificate of every ECE web server, in LocalMachine\\My: self-signed (made by ecereconcile), " +
		"pfx (a CA-signed PFX you give) or csr (requests written for your CA, completed with its answer).",
	"PFXFile":    "A PFX (PKCS#12) file holding the CA-signed certificate and its private key.",
	"CSRFiles":   "The files of the CSR flow.",
	"IISBinding": "Step 1.2: the https binding of the ECE site: all unassigned addresses, no host name, SNI off, the certificate of step 1.1.",
	"PCCE":       "The Unified Config REST API of a PCCE AW/ADS (inventory and MRDs: steps 0, 4.2, 4.3, 6.1), over verified HTTPS.",
	"Inventory": "Steps 4.2 and 4.3: the ECE data (services) server(s) and the ECE web server in the PCCE inventory " +
		"(through the API for 2000 agents, a bulk CSV for 4000 and 12000).",
	"Credentials": "A user and a password reference.",
	"ECEAdmin": "How ECE's admin settings are reached (steps 2.2, 5 and the trace levels): manual (each change is an operator task, shown and attested) " +
		"or lab (the lab's simulated admin store).",
	"PartitionSSO":    "Step 2.2: the partition administrator's LDAP settings in ECE, verified by a real LDAP bind and search.",
	"TraceLevel":      "Troubleshooting: the trace level of one ECE process.",
	"UCCEIntegration": "Step 5: ECE's Unified CCE integration. Saving it in ECE is permanent: apply needs --allow-irreversible.",
	"AWDB":            "The AW database ECE reads.",
	"ResourceDecl":    "One low-level resource: a mapping with exactly one key, its kind (keystore, spog_config or service).",
	"KeystoreDecl":    "Trusted-certificate entries in a Java keystore on the listed hosts (other entries are kept).",
	"SpogConfigDecl":  "The two values of a spog_config.js on the listed hosts.",
	"ServiceDecl":     "A Windows service restarted on the listed hosts when a resource it subscribes to changed there.",
}

// fieldDocs describes every YAML field, keyed "Type.field" (an inline
// field under the struct that declares it; an entry under the outer type
// overrides).
var fieldDocs = map[string]fieldDoc{
	"Spec.apiVersion":  {desc: "The schema version.", required: true, enum: []string{APIVersion}},
	"Spec.kind":        {desc: "The document kind.", required: true, enum: []string{Kind}},
	"Spec.metadata":    {desc: "Names the environment.", required: true},
	"Spec.hosts":       {desc: "The servers; the integration block finds them by role.", required: true},
	"Spec.integration": {desc: "The tech note's steps; each block is optional."},
	"Spec.resources":   {desc: "Low-level resources beyond the tech note: keystores, spog_config.js files and services on named hosts."},

	"Metadata.name": {desc: "The environment's name: lowercase letters, digits, '-' and '_', at most 63 characters.",
		required: true, pattern: objectNamePattern},
	"Metadata.description": {desc: "Free text."},
	"Metadata.labels":      {desc: "Free key/value labels."},
	"Metadata.stateDir": {desc: "The run state folder (pending restarts, locks), relative to the spec; default .ecereconcile/<name>. " +
		"Keep it out of git: the 4000/12000-agent inventory CSV is written there."},

	"Host.name": {desc: "The host's name in this spec and in resource addresses (keystore.ads_cacerts[NAME]).",
		required: true, pattern: objectNamePattern},
	"Host.fqdn": dnsName("The server's DNS name: the default WinRM endpoint, and the name an ece-data host is added to the PCCE inventory under."),
	"Host.roles": {desc: "What the server is, in the tech note's words: ece-web (steps 1, 3), ece-app (2.1), ece-data (4.2), pcce-ads (4.1).",
		required: true, enum: Roles, unique: true},
	"Host.connection": {desc: "How ecereconcile reaches the server.", required: true},

	"Connection.type": {desc: "local, lab or winrm.", required: true, enum: connTypes},
	"Connection.root": {desc: "lab only: the host's folder, relative to the spec (C:\\X on the host is ROOT/C/X)."},
	"Connection.endpoint": {desc: "winrm only: https://HOST:5986/wsman; default from the host's fqdn. Only HTTPS, and the server certificate is verified.",
		minLen: 1},
	"Connection.user":     {desc: "winrm only: a local or domain administrator, e.g. EXAMPLE\\svc-ecereconcile."},
	"Connection.password": {desc: "winrm only: the user's password."},
	"Connection.auth":     {desc: "winrm only: ntlm or basic.", enum: winrmAuths, def: WinRMAuthNTLM},
	"Connection.caCertificate": {desc: "winrm only: the PEM file of the CA that signed the WinRM listener's certificate, relative to the spec; " +
		"default the system roots."},

	"SecretRef.env":  {desc: "The name of the environment variable holding the secret (not its value).", pattern: envNamePattern},
	"SecretRef.file": {desc: "The file holding the secret, relative to the spec.", minLen: 1},

	"Integration.ece":             {desc: "Facts about ECE used by several steps.", required: true},
	"Integration.activeDirectory": {desc: "Step 2.1: the AD LDAPS certificate in a keystore on every ece-app host."},
	"Integration.spogConfig":      {desc: "Step 3: spog_config.js on every ece-web host; {} takes https and ece.fqdn."},
	"Integration.adsTrust":        {desc: "Step 4.1: the truststore of every pcce-ads host trusts the ECE web certificate."},
	"Integration.webCertificate":  {desc: "Step 1.1: the certificate of every ece-web host."},
	"Integration.iisBinding":      {desc: "Step 1.2: the https binding of the ECE site on every ece-web host; {} takes Default Web Site and 443."},
	"Integration.pcce":            {desc: "The AW/ADS whose Unified Config REST API holds the inventory and the MRDs."},
	"Integration.inventory":       {desc: "Steps 4.2 and 4.3: ECE in the PCCE inventory; needs pcce."},
	"Integration.eceAdmin":        {desc: "How partitionSSO, traceLevels and ucceIntegration reach ECE; required with them."},
	"Integration.partitionSSO":    {desc: "Step 2.2: the partition administrator's LDAP settings."},
	"Integration.traceLevels":     {desc: "Troubleshooting: trace levels of ECE processes, one entry per process."},
	"Integration.ucceIntegration": {desc: "Step 5, irreversible: ECE's Unified CCE integration."},

	"ECEConfig.fqdn": func() fieldDoc {
		d := dnsName("The name users and SPOG use to reach ECE; it must be the CN or a DNS SAN of the web certificate.")
		d.required = true
		return d
	}(),
	"ECEConfig.home": {desc: "{ECE_HOME} on the web servers, e.g. 'C:\\Cisco\\ECE' (single quotes keep backslashes); " +
		"needed when spogConfig.path is not given."},
	"ECEConfig.webCertificate": {desc: "The ECE web certificate file (PEM or DER) when it is managed outside ecereconcile, relative to the spec; " +
		"not with webCertificate."},
	"ECEConfig.version": {desc: "The ECE release, e.g. 12.0(1); checked with patches against the tech note's minimums."},
	"ECEConfig.patches": {desc: "The ECE patches installed, e.g. [ES3, ES3_ET1a]."},

	"ActiveDirectory.certificate": {desc: "The domain controller's LDAPS certificate file (PEM or DER), relative to the spec.", required: true},
	"ActiveDirectory.alias":       {desc: "The alias it is imported under; the tech note uses mydomaincontroller.", required: true},
	"ActiveDirectory.keystore":    {desc: "The keystore, e.g. C:\\ece\\pcce\\mydomain.jks; its password is required.", required: true},

	"KeystoreStore.path": {desc: "The keystore's absolute path on the servers: a Windows path (single quotes keep backslashes), or POSIX on local hosts.",
		required: true},
	"KeystoreStore.type":     {desc: "jks or pkcs12 (any case).", enum: keystoreTypes, def: DefaultKeystoreType},
	"KeystoreStore.password": {desc: "The keystore's password; an ADS truststore defaults to the JDK's changeit."},
	"KeystoreStore.create":   {desc: "Create the keystore when it does not exist; otherwise a missing keystore is an error.", def: false},

	"SpogConfig.path": {desc: "spog_config.js on the web servers; default {ECE_HOME}\\" + SpogConfigRelPath + "."},
	"SpogConfig.webServerProtocol": {desc: "web_server_protocol: https (the tech note) or http.", enum: protocols,
		def: DefaultWebServerProtocol},
	"SpogConfig.webServerName": func() fieldDoc {
		d := dnsName("web_server_name: the FQDN users reach ECE by; default ece.fqdn.")
		d.minLen = 1
		return d
	}(),

	"ADSTrust.truststore": {desc: "The ADS Java truststore, e.g. the JDK's lib\\security\\cacerts; type jks and password changeit by default.",
		required: true},
	"ADSTrust.certificates": {desc: "The certificates to trust. Leave it out for a self-signed web certificate (trusted under the alias ece.fqdn); " +
		"list the CA's root and intermediates for a CA-signed one."},
	"ADSTrust.restartService": {desc: "The Windows service restarted after the truststore changed.", minLen: 1, def: DefaultRestartService},

	"TrustEntry.alias":       {desc: "The alias; aliases are case-insensitive in a keystore.", required: true},
	"TrustEntry.certificate": {desc: "The certificate file (PEM or DER), relative to the spec.", required: true},

	"WebCertificate.source": {desc: "self-signed, pfx or csr.", required: true, enum: certSources},
	"WebCertificate.shared": {desc: "true: the same key and certificate on every web server (SSL pass-through). " +
		"false: one certificate per server (SSL offload at the load balancer).", def: true},
	"WebCertificate.commonName": dnsName("The certificate's CN; default ece.fqdn (not with pfx)."),
	"WebCertificate.dnsNames": func() fieldDoc {
		d := dnsName("The DNS SANs; default [commonName]. ece.fqdn must be the commonName or one of them.")
		d.minItems = 1
		return d
	}(),
	"WebCertificate.organization": {desc: "The certificate's O (not with pfx)."},
	"WebCertificate.keySize": {desc: "The RSA key size in bits; the tech note requires 2048 or more.", min: new(MinKeySize),
		def: DefaultKeySize},
	"WebCertificate.validity":     {desc: "How long a self-signed certificate is valid.", def: DefaultValidity.String()},
	"WebCertificate.renewBefore":  {desc: "A certificate expiring within it is re-issued; shorter than validity.", def: DefaultRenewBefore.String()},
	"WebCertificate.friendlyName": {desc: "The certificate's friendly name in the store.", def: DefaultFriendlyName},
	"WebCertificate.pfx":          {desc: "source: pfx only: the PFX file and its password."},
	"WebCertificate.csr":          {desc: "source: csr only: where requests are written and the CA's answer."},

	"PFXFile.file":     {desc: "The PFX file, relative to the spec.", required: true},
	"PFXFile.password": {desc: "The PFX password.", required: true},

	"CSRFiles.dir": {desc: "The folder, relative to the spec, where the requests are written for the CA: DIR/HOST.csr.pem.", required: true},
	"CSRFiles.signedCertificate": {desc: "The CA's signed certificate (PEM or DER), relative to the spec; when given, the request is completed. " +
		"With shared: false write one file per server with {host}, e.g. certs/{host}.crt."},

	"IISBinding.site": {desc: "The IIS site ECE is installed under.", minLen: 1, def: DefaultIISSite},
	"IISBinding.port": port("The https port.", DefaultHTTPSPort),

	"PCCE.url":      {desc: "https://<AW or ADS>; the API is below /unifiedconfig/config. No credentials in the URL.", required: true},
	"PCCE.user":     {desc: "An administrator of the PCCE web administration.", required: true},
	"PCCE.password": {desc: "The administrator's password.", required: true},
	"PCCE.caCertificate": {desc: "The PEM file of the CA (or the self-signed certificate) the AW presents, relative to the spec; verification is never skipped.",
		required: true},
	"PCCE.deploymentModel": {desc: "The PCCE deployment model: 2000, 4000 or 12000 agents.", required: true, enum: models, numeric: true},
	"PCCE.version":         {desc: "The PCCE release, e.g. 12.0(1); checked with patches against the tech note's minimums."},
	"PCCE.patches":         {desc: "The PCCE patches installed, e.g. [ES37]."},
	"PCCE.wxmAnalyzer":     {desc: "The Webex Experience Management analyzer is used (12.5 needs PCCE ES7 and ECE ES1).", def: false},
	"PCCE.requestTimeout": {desc: "How long one request to the API may take (more than 0); one operation, retries and paging included, stays within 2m.",
		def: DefaultPCCERequestTimeout.String()},

	"Inventory.applicationInstance": {desc: "Case-sensitive: MultiChannel for 2000 agents (the default), {site}_{peripheralSet}_{instance} for 4000 and 12000."},
	"Inventory.partitionAdmin":      {desc: "The ECE partition administrator's credentials PCCE reaches ECE with.", required: true},
	"Inventory.csvFile": {desc: "4000 and 12000 agents: where the bulk-inventory CSV is written, relative to the spec; " +
		"default in the state folder (it holds the partition administrator's password)."},
	"Inventory.statusWait": {desc: "How long apply waits for PCCE to validate changed machines before reading their status.",
		def: DefaultStatusWait.String()},

	"Credentials.user":     {desc: "The user.", required: true},
	"Credentials.password": {desc: "The password.", required: true},

	"ECEAdmin.backend": {desc: "manual (an operator task, attested) or lab.", required: true, enum: eceBackends},
	"ECEAdmin.root":    {desc: "lab only: the lab folder holding .lab/ece, relative to the spec."},

	"PartitionSSO.url": {desc: "The LDAP URL of a Global Catalog: ldaps://gc.example.com:3269 (or ldap://...:3268).", required: true},
	"PartitionSSO.dnAttribute": {desc: "The DN attribute; the tech note: userPrincipalName.", minLen: 1,
		def: DefaultDNAttribute},
	"PartitionSSO.base":       {desc: "The search base; empty with a Global Catalog."},
	"PartitionSSO.searchDN":   {desc: "The DN (or UPN) of the account ECE binds with to search.", required: true},
	"PartitionSSO.password":   {desc: "The search account's password.", required: true},
	"PartitionSSO.sslEnabled": {desc: "SSL to the directory; the tech note enables it.", def: true},
	"PartitionSSO.keystorePath": {desc: "The keystore ECE reads the AD certificate from; default (and it must be) activeDirectory.keystore.path.",
		minLen: 1},
	"PartitionSSO.testUser": {desc: "A userPrincipalName the verification searches for, e.g. agent1@example.com."},

	"TraceLevel.process": {desc: "The ECE process.", required: true, enum: TraceProcesses},
	"TraceLevel.level": {desc: "1 to 8; the tech note raises EAAS, EAMS, dx and rx to 4 (Info). Levels 7 and 8 need maxDuration.",
		required: true, min: new(1), max: new(8)},
	"TraceLevel.maxDuration": {desc: "Levels 7 and 8 only: how long ECE keeps the level."},

	"UCCEIntegration.awdb": {desc: "The AW database ECE reads.", required: true},
	"UCCEIntegration.applicationInstance": {desc: "The application instance created for ECE (case-sensitive; never the one starting with UQ); " +
		"the inventory's when both are given.", required: true},
	"UCCEIntegration.agentPGs": {desc: "The agent peripheral gateways ECE integrates with.", required: true},

	"AWDB.server":   {desc: "The AW database server.", required: true},
	"AWDB.port":     port("The SQL Server port.", DefaultAWDBPort),
	"AWDB.database": {desc: "The AW database, e.g. pcce_awdb.", required: true},
	"AWDB.user":     {desc: "The database user.", required: true},
	"AWDB.password": {desc: "The database user's password.", required: true},

	"ResourceDecl.keystore":    {desc: "Trusted certificates in a Java keystore."},
	"ResourceDecl.spog_config": {desc: "The two values of a spog_config.js."},
	"ResourceDecl.service":     {desc: "A Windows service restarted when a subscribed resource changed."},

	"Common.name": {desc: "The resource's name, the middle of its address (keystore.NAME[host]): lowercase letters, digits and _.",
		required: true, pattern: resourcePattern},
	"Common.hosts": {desc: "The hosts (by name) the resource is on.", required: true, unique: true},
	"Common.dependsOn": {desc: "Resources applied first: kind.name (every instance, or the one on the same host) or kind.name[host]. " +
		"Kinds: " + kindList() + "."},

	// The low-level keystore always needs its password.
	"KeystoreDecl.password": {desc: "The keystore's password.", required: true},
	"KeystoreDecl.entries":  {desc: "The trusted certificates to hold.", required: true},

	"SpogConfigDecl.path":              {desc: "spog_config.js on the hosts (absolute).", required: true},
	"SpogConfigDecl.webServerProtocol": {desc: "web_server_protocol: https or http.", required: true, enum: protocols},
	"SpogConfigDecl.webServerName": func() fieldDoc {
		d := dnsName("web_server_name: the FQDN users reach ECE by.")
		d.required = true
		return d
	}(),

	"ServiceDecl.service":   {desc: "The Windows service name, e.g. Apache Tomcat.", required: true},
	"ServiceDecl.restartOn": {desc: "The resources (kind.name) whose change restarts the service; the instance on the same host is meant.", required: true},
}

// kindList names the resource kinds for descriptions.
func kindList() string { return strings.Join(Kinds, ", ") }
