package spogconfig

// Reason codes of spog_config changes.
const (
	// ProtocolDiffers: web_server_protocol is not the desired value
	// (the tech note wants "https").
	ProtocolDiffers = "ProtocolDiffers"
	// ServerNameDiffers: web_server_name is not the FQDN users and SPOG use
	// to reach ECE.
	ServerNameDiffers = "ServerNameDiffers"
	// AssignmentMissing: web_server_protocol or web_server_name is not
	// assigned outside comments; it is never appended, so planning fails.
	AssignmentMissing = "AssignmentMissing"
	// AssignmentUnusable: a name is assigned more than once, or assigned
	// something other than one quoted string, or the file is not valid
	// JavaScript; planning fails rather than guess which value counts.
	AssignmentUnusable = "AssignmentUnusable"
	// FileMissing: spog_config.js does not exist at the path; it is never
	// created, so planning fails.
	FileMissing = "FileMissing"
)
