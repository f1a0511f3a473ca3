package addir

import "fmt"

// Diagnostic messages as Active Directory words them, trailing NUL
// included (AD sends one; clients show or strip it).
const (
	// diagBadCredentials is LDAP 49's message; %s is the "data" sub-code.
	diagBadCredentials = "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data %s, v4563\x00"
	// diagBindRequired refuses an anonymous search (operationsError).
	diagBindRequired = "000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563\x00"
	// diagStrongAuth refuses a cleartext simple bind under LDAP signing.
	diagStrongAuth = "00002028: LdapErr: DSID-0C090259, comment: The server requires binds to turn on integrity checking if SSL\\TLS are not already active on the connection, data 0, v4563\x00"
	// diagReferral is a referral (LDAP 10); %s is the referred DNS name.
	diagReferral = "0000202B: RefErr: DSID-0310082F, data 0, 1 access points\n\tref 1: '%s'\n\x00"
	// diagNoSuchObject is LDAP 32; %s is the best match.
	diagNoSuchObject = "0000208D: NameErr: DSID-0310028D, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'%s'\n\x00"
	// diagBadName is LDAP 34 (invalidDNSyntax).
	diagBadName = "0000208F: NameErr: DSID-03100233, problem 2006 (BAD_NAME), data 8350, best match of:\n\t'%s'\n\x00"
	// diagBadFilter is a filter that does not parse (protocolError).
	diagBadFilter = "00000057: LdapErr: DSID-0C090D8A, comment: Error in attribute conversion operation, data 0, v4563\x00"
	// diagAlreadyTLS refuses StartTLS on a TLS connection.
	diagAlreadyTLS = "00000000: LdapErr: DSID-0C091226, comment: Error initializing SSL/TLS, data 0, v4563\x00"
)

func badCredentials(data string) string { return fmt.Sprintf(diagBadCredentials, data) }
func referralTo(dns string) string      { return fmt.Sprintf(diagReferral, dns) }
func noSuchObject(best string) string   { return fmt.Sprintf(diagNoSuchObject, best) }
func badName(dn string) string          { return fmt.Sprintf(diagBadName, dn) }
