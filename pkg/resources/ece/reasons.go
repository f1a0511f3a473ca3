package ece

// Reason codes of the ECE kinds. They are for display only.
const (
	// NotConfigured: the lab store holds no value of the section; it is
	// saved with the desired values.
	NotConfigured = "NotConfigured"
	// FieldDiffers: a stored value is not the desired one.
	FieldDiffers = "FieldDiffers"
	// PasswordChanged: the stored password's keyed hash is not the hash of
	// the desired password (or no password is stored).
	PasswordChanged = "PasswordChanged"
	// VerificationFailed: the LDAP verification of the desired settings
	// (TLS with the keystore's certificates, bind, UPN search) failed; the
	// operator task is planned again and the failure named.
	VerificationFailed = "VerificationFailed"
	// NotAttested: manual backend, no operator ever attested this task.
	NotAttested = "NotAttested"
	// ValuesChangedSinceAttestation: manual backend, the values the spec
	// wants now (secrets included, by keyed hash) are not the ones attested.
	ValuesChangedSinceAttestation = "ValuesChangedSinceAttestation"
	// InvalidSettings: the desired settings cannot be entered as they are
	// (a required field is empty, the static analysis found an error);
	// planning fails.
	InvalidSettings = "InvalidSettings"
	// LevelDiffers: the process's maximum trace level is not the desired
	// one.
	LevelDiffers = "LevelDiffers"
	// DurationDiffers: the maximum duration of a level 7 or 8 window is not
	// the desired one.
	DurationDiffers = "DurationDiffers"
	// TraceWindowExpired: a level 7 or 8 was set longer ago than its
	// maximum duration; the process goes back to the base level.
	TraceWindowExpired = "TraceWindowExpired"
	// NotConvergeable: the saved Unified CCE integration differs from the
	// spec; it is permanent in ECE, so planning fails with the tech note's
	// remedy (reinstall ECE).
	NotConvergeable = "NotConvergeable"
)
