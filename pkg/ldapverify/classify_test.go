package ldapverify

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/go-ldap/ldap/v3"
)

func TestClassify(t *testing.T) {
	ldapErr := func(code uint16, diag string) error {
		return &ldap.Error{ResultCode: code, Err: errors.New(diag)}
	}
	expired := x509.CertificateInvalidError{Cert: &x509.Certificate{}, Reason: x509.Expired, Detail: "current time is after 2020-01-01"}
	tests := []struct {
		name   string
		err    error
		code   FailureCode
		detail string
	}{
		{"refused with an error number of another system", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("actively refused it")}, Unreachable, "cannot connect: actively refused it"},
		{"expired certificate", expired, TLSCertificateInvalid, "certificate has expired"},
		{"server hung up", io.EOF, Other, "the server closed the connection"},
		{"confidentiality required (OpenLDAP)", ldapErr(13, "TLS confidentiality required"), StrongAuthRequired, "LDAP 13"},
		{"anonymous refused (OpenLDAP)", ldapErr(53, "unauthenticated bind (DN with no password) disallowed"), BindRequired, "LDAP 53"},
		{"unwilling for another reason", ldapErr(53, "server is read-only"), Other, "LDAP 53"},
		{"operations error without AD's code", ldapErr(1, "something else"), Other, "LDAP 1"},
		{"client-side timeout", ldapErr(ldap.LDAPResultTimeout, "timed out"), Timeout, "LDAP 85"},
		{"time limit", ldapErr(3, ""), Timeout, "LDAP 3"},
		{"network error", &ldap.Error{ResultCode: ldap.ErrorNetwork, Err: errors.New("ldap: connection closed")}, Other, "the connection broke"},
		{"network timeout", &ldap.Error{ResultCode: ldap.ErrorNetwork, Err: errors.New("ldap: connection timed out")}, Timeout, "no answer in time"},
		{"invalid credentials without AD sub-code", ldapErr(49, ""), BadCredentials, "LDAP 49 Invalid Credentials"},
		{"AD's trailing NUL and new lines are cleaned", ldapErr(10, "0000202B: RefErr: DSID-0310082F, data 0, 1 access points\n\tref 1: 'example.com'\n\x00"), Referral,
			"LDAP 10 Referral: 0000202B: RefErr: DSID-0310082F, data 0, 1 access points ref 1: 'example.com'"},
		{"anything else", errors.New("strange"), Other, "strange"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := classify(context.Background(), tt.err)
			if f.code != tt.code || !strings.Contains(f.detail, tt.detail) {
				t.Errorf("classify = %v %q; want %v containing %q", f.code, f.detail, tt.code, tt.detail)
			}
			if strings.ContainsRune(f.detail, 0) || strings.Contains(f.detail, "\n") {
				t.Errorf("detail not on one clean line: %q", f.detail)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if f := classify(ctx, io.EOF); f.code != Other || f.detail != "canceled" {
		t.Errorf("canceled context: %v %q", f.code, f.detail)
	}
}
