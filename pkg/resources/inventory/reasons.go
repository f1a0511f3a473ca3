package inventory

// Reason codes of the inventory_machine kind. They are for display only.
const (
	// MachineMissing: no machine of this type has the host name; it is
	// added (POST, or a row of the bulk CSV).
	MachineMissing = "MachineMissing"
	// NameDiffers: the machine found by host name has another inventory
	// name; it is renamed.
	NameDiffers = "NameDiffers"
	// UserDiffers: the web server's Partition Administrator user is not
	// the desired one.
	UserDiffers = "UserDiffers"
	// AppInstanceDiffers: the web server's application instance is not the
	// desired one (names are case-sensitive).
	AppInstanceDiffers = "AppInstanceDiffers"
	// PasswordChanged: the keyed hash of the spec's password is not the
	// one recorded when the password was last sent.
	PasswordChanged = "PasswordChanged"
	// PasswordUnknown: the web server exists but no password hash is
	// recorded (added by hand or by another tool); one update sends the
	// password and records it.
	PasswordUnknown = "PasswordUnknown"
	// InvalidSettings: the desired machine cannot be entered as it is (a
	// name PCCE refuses, a web server by short name or IP, a missing
	// credential); planning fails.
	InvalidSettings = "InvalidSettings"
)
