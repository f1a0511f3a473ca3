package certificate

// Reason codes of the certificate kind. They are for display only.
const (
	// CertificateMissing: LocalMachine\My holds no certificate of ours (none
	// with the friendly name, none naming the FQDN); one is made, imported
	// or copied.
	CertificateMissing = "CertificateMissing"
	// NoPrivateKey: our certificate is in the store without its private key,
	// so IIS cannot serve it; it is replaced (or imported again).
	NoPrivateKey = "NoPrivateKey"
	// FQDNNotInNames: the FQDN users and SPOG use is neither the CN nor a DNS
	// SAN of the certificate (the tech note's "certificate mismatch"); a
	// certificate ecereconcile makes is re-issued, a given one is an error.
	FQDNNotInNames = "FQDNNotInNames"
	// NamesDiffer: a self-signed certificate does not carry the CN and DNS
	// names the spec asks for (the spec changed); it is re-issued.
	NamesDiffer = "NamesDiffer"
	// KeyTooSmall: the key is smaller than the tech note's RSA 2048 bits (or
	// than the spec's keySize, for a certificate ecereconcile makes).
	KeyTooSmall = "KeyTooSmall"
	// ExpiresSoon: the certificate expires within renewBefore; a
	// self-signed one is re-issued, a CSR starts a new request, a given PFX
	// is only reported.
	ExpiresSoon = "ExpiresSoon"
	// Expired: the certificate has expired; like ExpiresSoon, but a given
	// PFX that has expired is an error.
	Expired = "Expired"
	// DiffersFromPFX: the store's certificate is not the leaf of the given
	// PFX; the PFX is imported.
	DiffersFromPFX = "DiffersFromPFX"
	// DiffersFromIssuer: a shared copy does not hold the issuer web server's
	// certificate; it is exported there and imported here.
	DiffersFromIssuer = "DiffersFromIssuer"
	// IssuerNotReady: the issuer web server has no certificate yet (its CSR
	// waits for the CA); the copy waits too. Not a change.
	IssuerNotReady = "IssuerNotReady"
	// AmbiguousCertificate: the certificate this server should use is in the
	// store, but another one with the same friendly name and a later expiry
	// would be taken for it; ecereconcile never deletes certificates, so
	// planning fails until one is renamed or removed by hand.
	AmbiguousCertificate = "AmbiguousCertificate"
	// RequestNeeded: CSR flow, a certificate is needed and no request is
	// pending; a key pair and a request are made on the server and the CSR
	// is written for the CA.
	RequestNeeded = "RequestNeeded"
	// CSRFileMissing: a request is pending on the server but its CSR file
	// is missing on this machine (or holds another request); it is written
	// again from the pending request.
	CSRFileMissing = "CSRFileMissing"
	// AwaitingSignedCertificate: CSR flow, a request is pending and no signed
	// certificate is given; nothing to do until csr.signedCertificate is set.
	// Not a change, not drift.
	AwaitingSignedCertificate = "AwaitingSignedCertificate"
	// SignedCertificateReady: the given signed certificate belongs to a
	// pending request; the request is completed with it.
	SignedCertificateReady = "SignedCertificateReady"
	// SignedCertificateMismatch: the given signed certificate belongs to no
	// pending request and is not installed (signed for another server or
	// another request); planning fails.
	SignedCertificateMismatch = "SignedCertificateMismatch"
)
