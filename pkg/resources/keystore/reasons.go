package keystore

// Reason codes of the keystore kind. They are for display only.
const (
	// StoreMissing: the keystore file does not exist; with create it is
	// created holding the managed entries.
	StoreMissing = "StoreMissing"
	// EntryMissing: the alias is absent and the certificate is not trusted
	// under any other alias; the entry is added.
	EntryMissing = "EntryMissing"
	// AliasHoldsOtherCertificate: the alias holds a different certificate;
	// it is replaced by the wanted one.
	AliasHoldsOtherCertificate = "AliasHoldsOtherCertificate"
	// PresentUnderOtherAlias: the alias is absent but the certificate is
	// already trusted under another alias. That satisfies the entry: no
	// change, reported as a warning.
	PresentUnderOtherAlias = "PresentUnderOtherAlias"
	// CertificateKnownAfterApply: the entry's certificate is made by an
	// upstream resource in this run; the entry is added or replaced with it.
	CertificateKnownAfterApply = "CertificateKnownAfterApply"
)
