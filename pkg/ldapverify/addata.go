package ldapverify

import (
	"regexp"
	"strings"
)

// adDataWords are Active Directory's "data NNN" sub-codes of LDAP result 49
// (a Windows error code in hex), in words.
var adDataWords = map[string]string{
	"525": "user not found",
	"52e": "bad password (or unknown user)",
	"52f": "account restrictions prevent this logon",
	"530": "logon not permitted at this time",
	"531": "logon not permitted from this workstation",
	"532": "password expired",
	"533": "account disabled",
	"568": "too many security IDs in the user's token",
	"701": "account expired",
	"773": "user must reset the password",
	"775": "account locked out",
}

// adData finds the sub-code in a diagnostic message such as
// "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563".
var adData = regexp.MustCompile(`(?i)\bdata ([0-9a-f]{1,8})\b`)

// ADDataText decodes the "data NNN" sub-code of an Active Directory
// diagnostic message: it returns the code in lower case and its meaning
// ("52e", "bad password (or unknown user)"). ok is false when the message
// has no sub-code, or a sub-code of 0; an unknown code comes back with the
// words "unknown Active Directory sub-code".
func ADDataText(diagnostic string) (code, words string, ok bool) {
	m := adData.FindStringSubmatch(diagnostic)
	if m == nil {
		return "", "", false
	}
	code = strings.ToLower(strings.TrimLeft(m[1], "0"))
	if code == "" {
		return "", "", false
	}
	if w, known := adDataWords[code]; known {
		return code, w, true
	}
	return code, "unknown Active Directory sub-code", true
}
