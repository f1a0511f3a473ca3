package check

// Reason codes of the check kind. They are for display only.
const (
	// MRDMissing: an ECE media routing domain does not exist (under that
	// exact name).
	MRDMissing = "MRDMissing"
	// MRDNotAssociated: an ECE media routing domain is associated with no
	// application instance.
	MRDNotAssociated = "MRDNotAssociated"
	// MRDWrongAppInstance: an ECE media routing domain is associated with
	// another application instance than the desired one.
	MRDWrongAppInstance = "MRDWrongAppInstance"
	// AppInstanceCaseDiffers: PCCE has the application instance only under
	// another case; names are case-sensitive.
	AppInstanceCaseDiffers = "AppInstanceCaseDiffers"
	// AppInstanceMissing: PCCE has no application instance of that name.
	AppInstanceMissing = "AppInstanceMissing"
	// InventoryAlert: the inventory status has an alert about an ECE
	// machine.
	InventoryAlert = "InventoryAlert"
	// InventoryChanged: a subscribed inventory machine changed (or a
	// notification is pending); the status is checked again after it.
	InventoryChanged = "InventoryChanged"
	// InvalidSettings: the check is configured without what it needs (no
	// application instance, an unknown check); planning fails.
	InvalidSettings = "InvalidSettings"
)
