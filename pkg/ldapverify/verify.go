package ldapverify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// failure is a failed step before it becomes a Step and an Error.
type failure struct {
	code   FailureCode
	detail string
	cause  error
}

// fail builds a failure.
func fail(code FailureCode, cause error, format string, args ...any) *failure {
	return &failure{code: code, detail: fmt.Sprintf(format, args...), cause: cause}
}

// verifier carries one run of Verify.
type verifier struct {
	cfg    Config
	target target
	rep    Report
	raw    net.Conn // the TCP connection, closed when a step's context ends
	conn   net.Conn // raw, or the TLS connection over it
	isTLS  bool
	ldap   *ldap.Conn
	step   string // the step running, for a panic's report
}

// Verify connects to cfg.URL as ECE would and reports each step. It never
// panics; cancelling ctx ends the current step as Other ("canceled").
func Verify(ctx context.Context, cfg Config) (rep Report) {
	cfg = cfg.withDefaults()
	v := &verifier{cfg: cfg}
	start := cfg.Now()
	defer func() {
		if p := recover(); p != nil {
			name := v.step
			if name == "" {
				name = StepDial
			}
			v.record(name, 0, "", fail(Other, nil, "internal error: %v", p))
		}
		v.close()
		v.rep.Total = cfg.Now().Sub(start)
		v.rep.OK = len(v.rep.Steps) > 0 && v.rep.Err == nil
		rep = v.rep
	}()
	if ctx == nil {
		ctx = context.Background()
	}
	if !v.run(ctx, StepDial, v.dial) {
		return
	}
	if v.target.tls || cfg.StartTLS {
		if !v.run(ctx, StepTLS, v.handshake) {
			return
		}
	}
	v.ldap = ldap.NewConn(v.conn, v.isTLS)
	v.ldap.Start()
	v.ldap.SetTimeout(cfg.Timeout)
	if !v.run(ctx, StepBind, v.bind) {
		return
	}
	v.run(ctx, StepSearch, v.search)
	return
}

// run times fn under a context bounded by Timeout and records its Step.
// While fn runs, the end of that context closes the connection, so that
// library calls without a context return.
func (v *verifier) run(ctx context.Context, name string, fn func(context.Context) (string, *failure)) bool {
	v.step = name
	sctx, cancel := context.WithTimeout(ctx, v.cfg.Timeout)
	defer cancel()
	if v.raw != nil {
		raw := v.raw
		stop := context.AfterFunc(sctx, func() { _ = raw.Close() })
		defer stop()
	}
	t0 := v.cfg.Now()
	detail, f := fn(sctx)
	if f != nil && sctx.Err() != nil {
		f = contextFailure(sctx, f.cause, v.cfg.Timeout)
	}
	v.record(name, v.cfg.Now().Sub(t0), detail, f)
	return f == nil
}

// record appends a Step; a failure also sets the Report's Code and Err.
func (v *verifier) record(name string, d time.Duration, detail string, f *failure) {
	st := Step{Name: name, Duration: d, OK: f == nil, Detail: redact(detail, v.cfg.Password)}
	if f != nil {
		text := f.detail
		if r := f.code.Remedy(); r != "" {
			text += "; " + r
		}
		st.Code = f.code
		st.Detail = redact(text, v.cfg.Password)
		cause := f.cause
		if cause != nil && v.cfg.Password != "" && containsSecret(cause.Error(), v.cfg.Password) {
			cause = nil
		}
		v.rep.Code = f.code
		v.rep.Err = &Error{Step: name, Code: f.code, Detail: st.Detail, cause: cause}
	}
	v.rep.Steps = append(v.rep.Steps, st)
}

// close ends the LDAP session and the connection.
func (v *verifier) close() {
	if v.ldap != nil {
		_ = v.ldap.Close()
	}
	if v.raw != nil {
		_ = v.raw.Close()
	}
}

// dial parses the URL and opens the TCP connection.
func (v *verifier) dial(ctx context.Context) (string, *failure) {
	t, err := parseTarget(v.cfg.URL)
	if err != nil {
		return "", fail(InvalidConfig, nil, "%s", err.Error())
	}
	v.target = t
	c, err := v.cfg.Dial(ctx, "tcp", v.target.hostPort)
	if err != nil {
		return "", classify(ctx, err)
	}
	v.raw, v.conn = c, c
	return "connected to " + v.target.hostPort, nil
}

// handshake runs TLS on the connection (after StartTLS for ldap://).
func (v *verifier) handshake(ctx context.Context) (string, *failure) {
	how := "LDAPS"
	if !v.target.tls {
		how = "StartTLS"
		if f := startTLS(ctx, v.raw); f != nil {
			return "", f
		}
	}
	tc := tls.Client(v.raw, v.tlsConfig())
	if err := tc.HandshakeContext(ctx); err != nil {
		return "", classify(ctx, err)
	}
	v.conn, v.isTLS = tc, true
	st := tc.ConnectionState()
	detail := how + " " + tls.VersionName(st.Version)
	if len(st.PeerCertificates) > 0 {
		leaf := st.PeerCertificates[0]
		detail += fmt.Sprintf(", certificate %q issued by %q, valid until %s",
			leaf.Subject.String(), leaf.Issuer.String(), leaf.NotAfter.UTC().Format(time.DateOnly))
	}
	return detail, nil
}

// tlsConfig trusts exactly the configured certificates.
func (v *verifier) tlsConfig() *tls.Config {
	pool := x509.NewCertPool()
	for _, c := range v.cfg.RootCAs {
		if c != nil {
			pool.AddCert(c)
		}
	}
	return &tls.Config{
		RootCAs:    pool,
		ServerName: v.target.host,
		MinVersion: tls.VersionTLS12,
	}
}

// bind authenticates as the search account (or stays anonymous).
func (v *verifier) bind(ctx context.Context) (string, *failure) {
	if v.cfg.BindDN == "" && v.cfg.Password == "" {
		return "anonymous: no DN for LDAP search given", nil
	}
	if v.cfg.Password == "" {
		return "", fail(BadCredentials, nil, "no password for %s: an empty password is an unauthenticated bind, which grants nothing", quote(v.cfg.BindDN))
	}
	if err := v.ldap.Bind(v.cfg.BindDN, v.cfg.Password); err != nil {
		f := classify(ctx, err)
		f.detail = "bind as " + quote(v.cfg.BindDN) + ": " + f.detail
		return "", f
	}
	return "bound as " + quote(v.cfg.BindDN), nil
}

// quote puts a name between double quotes without escaping backslashes
// (EXAMPLE\svc-ece reads as typed).
func quote(s string) string { return `"` + s + `"` }
