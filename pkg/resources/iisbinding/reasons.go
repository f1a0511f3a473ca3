package iisbinding

// Reason codes of the iis_binding kind. They are for display only.
const (
	// BindingMissing: the site has no https binding on the port; one is
	// added (`*:<port>:`, no host name, SNI off).
	BindingMissing = "BindingMissing"
	// HostNameSet: the binding has a host name; SPOG fails unless it is
	// empty (tech note step 1.2). It is cleared.
	HostNameSet = "HostNameSet"
	// SNIEnabled: "Require Server Name Indication" (sslFlags bit 1) is set;
	// SPOG fails unless it is clear. The bit is cleared, other bits kept.
	SNIEnabled = "SNIEnabled"
	// IPNotAll: the binding is on a specific IP address instead of All
	// Unassigned (*); it is moved to *.
	IPNotAll = "IPNotAll"
	// SSLCertMissing: http.sys has no SSL binding for 0.0.0.0:<port>; one is
	// added with the certificate.
	SSLCertMissing = "SSLCertMissing"
	// CertificateDiffers: http.sys binds another certificate than the
	// certificate resource's; it is replaced.
	CertificateDiffers = "CertificateDiffers"
	// AppIDDiffers: the http.sys binding belongs to another application id
	// than IIS's; it is rewritten.
	AppIDDiffers = "AppIDDiffers"
	// StoreDiffers: the http.sys binding looks for the certificate in
	// another store than MY; it is rewritten.
	StoreDiffers = "StoreDiffers"
	// SiteMissing: the IIS site does not exist; planning fails, as
	// ecereconcile does not create IIS sites.
	SiteMissing = "SiteMissing"
	// OtherHTTPSBindings: the site has other https bindings on the port;
	// either breaks SPOG, and ecereconcile never deletes bindings, so
	// planning fails until they are removed by hand.
	OtherHTTPSBindings = "OtherHTTPSBindings"
	// CertificateNotReady: the certificate resource has no certificate yet
	// (its CSR waits for the CA); the binding waits too. Not a change.
	CertificateNotReady = "CertificateNotReady"
)
