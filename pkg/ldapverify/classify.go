package ldapverify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// classify turns an error of a step into a failure code and a detail.
func classify(ctx context.Context, err error) *failure {
	if ctx.Err() != nil {
		return contextFailure(ctx, err, 0)
	}
	var (
		unknownCA   x509.UnknownAuthorityError
		hostname    x509.HostnameError
		invalid     x509.CertificateInvalidError
		record      tls.RecordHeaderError
		alert       tls.AlertError
		dnsErr      *net.DNSError
		ldapErr     *ldap.Error
		netErr      net.Error
		opErr       *net.OpError
		errnoRefuse = syscall.ECONNREFUSED
	)
	switch {
	case errors.As(err, &unknownCA):
		return fail(TLSUnknownAuthority, err, "%s", unknownAuthorityText(unknownCA))
	case errors.As(err, &hostname):
		return fail(TLSHostnameMismatch, err, "%s", hostnameText(hostname))
	case errors.As(err, &invalid):
		return fail(TLSCertificateInvalid, err, "certificate %q: %s", subject(invalid.Cert), invalid.Error())
	case errors.As(err, &record):
		return fail(Other, err, "the server did not answer TLS (%s): is the port a cleartext one? ldaps:// goes with 3269 or 636", err.Error())
	case errors.As(err, &alert):
		return fail(Other, err, "TLS handshake refused by the server: %s", err.Error())
	case errors.As(err, &ldapErr):
		return ldapFailure(ldapErr)
	case errors.As(err, &dnsErr):
		return fail(Unreachable, err, "host name %q not found", dnsErr.Name)
	case errors.Is(err, errnoRefuse):
		return fail(Unreachable, err, "connection refused: nothing listens on that port")
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return fail(Unreachable, err, "no route to the host: %s", err.Error())
	case errors.As(err, &netErr) && netErr.Timeout():
		return fail(Timeout, err, "no answer in time: %s", err.Error())
	case errors.As(err, &opErr) && opErr.Op == "dial":
		// Windows reports a refused connection with its own error numbers.
		return fail(Unreachable, err, "cannot connect: %s", opErr.Err.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		return fail(Other, err, "the server closed the connection: does the port speak the URL's scheme (ldap:// on 3268, ldaps:// on 3269)?")
	}
	return fail(Other, err, "%s", err.Error())
}

// contextFailure is the failure of a step whose context ended.
func contextFailure(ctx context.Context, cause error, limit time.Duration) *failure {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		if limit > 0 {
			return fail(Timeout, cause, "no answer within %s", limit)
		}
		return fail(Timeout, cause, "no answer in time")
	}
	return fail(Other, cause, "canceled")
}

// ldapFailure maps an LDAP result code.
func ldapFailure(e *ldap.Error) *failure {
	diag := cleanDiagnostic(e)
	name := ldap.LDAPResultCodeMap[e.ResultCode]
	head := fmt.Sprintf("LDAP %d %s", e.ResultCode, name)
	if diag != "" {
		head += ": " + diag
	}
	switch e.ResultCode {
	case ldap.LDAPResultInvalidCredentials:
		if code, words, ok := ADDataText(diag); ok {
			return fail(BadCredentials, e, "%s (Active Directory data %s: %s)", head, code, words)
		}
		return fail(BadCredentials, e, "%s", head)
	case ldap.LDAPResultStrongAuthRequired, ldap.LDAPResultConfidentialityRequired:
		return fail(StrongAuthRequired, e, "%s", head)
	case ldap.LDAPResultReferral:
		return fail(Referral, e, "%s", head)
	case ldap.LDAPResultNoSuchObject:
		if e.MatchedDN != "" {
			return fail(NoSuchObject, e, "%s (closest existing entry %q)", head, e.MatchedDN)
		}
		return fail(NoSuchObject, e, "%s", head)
	case ldap.LDAPResultOperationsError:
		if strings.Contains(diag, "000004DC") || strings.Contains(strings.ToLower(diag), "successful bind must be completed") {
			return fail(BindRequired, e, "%s", head)
		}
	case ldap.LDAPResultInsufficientAccessRights, ldap.LDAPResultUnwillingToPerform:
		if strings.Contains(strings.ToLower(diag), "anonymous") || strings.Contains(strings.ToLower(diag), "unauthenticated") {
			return fail(BindRequired, e, "%s", head)
		}
	case ldap.LDAPResultTimeout, ldap.LDAPResultTimeLimitExceeded:
		return fail(Timeout, e, "%s", head)
	case ldap.ErrorEmptyPassword:
		return fail(BadCredentials, e, "%s", head)
	case ldap.ErrorNetwork:
		var netErr net.Error
		if (errors.As(e.Err, &netErr) && netErr.Timeout()) || strings.Contains(diag, "timed out") {
			return fail(Timeout, e, "no answer in time (%s)", head)
		}
		return fail(Other, e, "%s: the connection broke; does the port speak the URL's scheme?", head)
	}
	return fail(Other, e, "%s", head)
}

// cleanDiagnostic returns the server's diagnostic message on one line,
// without Active Directory's trailing NUL.
func cleanDiagnostic(e *ldap.Error) string {
	if e.Err == nil {
		return ""
	}
	s := strings.Map(func(r rune) rune {
		switch r {
		case 0:
			return -1
		case '\n', '\t', '\r':
			return ' '
		}
		return r
	}, e.Err.Error())
	return strings.Join(strings.Fields(s), " ")
}

// unknownAuthorityText explains which certificate did not chain.
func unknownAuthorityText(e x509.UnknownAuthorityError) string {
	if e.Cert == nil {
		return "certificate signed by an authority the keystore does not hold"
	}
	return fmt.Sprintf("certificate %q issued by %q does not chain to any certificate of the keystore",
		subject(e.Cert), e.Cert.Issuer.String())
}

// hostnameText says which names the certificate is valid for.
func hostnameText(e x509.HostnameError) string {
	if e.Certificate == nil {
		return e.Error()
	}
	var names []string
	names = append(names, e.Certificate.DNSNames...)
	for _, ip := range e.Certificate.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && e.Certificate.Subject.CommonName != "" {
		names = append(names, "CN "+e.Certificate.Subject.CommonName+" (not used for host names)")
	}
	return fmt.Sprintf("certificate %q is valid for %s, not for %q", subject(e.Certificate), strings.Join(names, ", "), e.Host)
}

// subject renders a certificate's subject.
func subject(c *x509.Certificate) string {
	if c == nil {
		return ""
	}
	return c.Subject.String()
}

// containsSecret reports whether s holds secret.
func containsSecret(s, secret string) bool {
	return len(secret) >= minRedacted && strings.Contains(s, secret)
}
