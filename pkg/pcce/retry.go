package pcce

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// attemptError is one failed attempt and whether trying again may help.
type attemptError struct {
	err error
	// retry: the failure may be transient (5xx, timeout, reset).
	retry bool
	// notCarriedOut: the server certainly did not act on the request (it
	// answered 503 before processing, or the connection never opened), so
	// even a POST can simply be sent again.
	notCarriedOut bool
}

func (e *attemptError) Error() string { return e.err.Error() }
func (e *attemptError) Unwrap() error { return e.err }

// trustError is a certificate the client does not trust; it matches
// ErrUntrusted.
type trustError struct {
	msg   string
	cause error
}

func (e *trustError) Error() string        { return e.msg }
func (e *trustError) Unwrap() error        { return e.cause }
func (e *trustError) Is(target error) bool { return target == ErrUntrusted }

// transportError classifies an error of sending a request or reading its
// answer. ctx is the operation's, actx the attempt's.
func (c *Client) transportError(ctx, actx context.Context, rq *request, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is said by the prefix below
	}
	where := c.on(rq.method, rq.path)
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &attemptError{err: fmt.Errorf("%s: no answer before the total timeout", where)}
		}
		return &attemptError{err: fmt.Errorf("%s: %w", where, err)}
	}
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		return &attemptError{
			err:   fmt.Errorf("%s: %w after %s waiting for an answer (per-request timeout)", where, ErrTimeout, c.timeout),
			retry: true,
		}
	}
	if te := c.trust(err); te != nil {
		return &attemptError{err: fmt.Errorf("%s: %w", where, te)}
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return &attemptError{
			// The sentence names the server: "GET /p: cannot connect to aw:443".
			err:           fmt.Errorf("%s %s: cannot connect to %s: %w", rq.method, rq.path, c.server, err),
			retry:         true,
			notCarriedOut: true,
		}
	}
	return &attemptError{
		err:   fmt.Errorf("%s: the connection failed before a complete answer: %w", where, err),
		retry: true,
	}
}

// trust turns certificate verification failures into a trustError naming
// the host; nil for other errors.
func (c *Client) trust(err error) error {
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var cv *tls.CertificateVerificationError
	switch {
	case errors.As(err, &ua):
		return &trustError{msg: fmt.Sprintf("certificate of %s not trusted by the CA bundle: %v", c.host, ua), cause: err}
	case errors.As(err, &he):
		return &trustError{msg: fmt.Sprintf("certificate of %s does not name that host: %v", c.host, he), cause: err}
	case errors.As(err, &ci):
		return &trustError{msg: fmt.Sprintf("certificate of %s is not valid: %v", c.host, ci), cause: err}
	case errors.As(err, &cv):
		return &trustError{msg: fmt.Sprintf("certificate of %s not trusted by the CA bundle: %v", c.host, cv.Err), cause: err}
	}
	return nil
}

// statusError turns a non-2xx answer into an *APIError inside an
// attemptError: 5xx may be retried; only a 503 (or 429) says the request
// was not carried out.
func (c *Client) statusError(rq *request, status int, body []byte) error {
	ae := &APIError{Server: c.server, Status: status, Method: rq.method, Path: rq.path}
	var parsed APIErrors
	if bytes.Contains(body, []byte("<apiErrors")) && xml.Unmarshal(body, &parsed) == nil {
		for _, item := range parsed.Errors {
			item.Type = c.redact(item.Type, rq.secrets)
			item.Data = c.redact(item.Data, rq.secrets)
			item.Message = c.redact(item.Message, rq.secrets)
			ae.Errors = append(ae.Errors, item)
		}
	} else {
		// Secrets go before the cut: a password across the 200th
		// character would otherwise leave its start behind.
		ae.Body = snippet([]byte(c.redact(string(body), rq.secrets)))
	}
	return &attemptError{
		err:           ae,
		retry:         status >= 500 || status == http.StatusTooManyRequests,
		notCarriedOut: status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests,
	}
}

var markup = regexp.MustCompile(`<[^>]*>`)

// snippet is the start of a body on one line, markup removed (an HTML
// error page).
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(markup.ReplaceAllString(string(b), " ")), " ")
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + "..." // no half character
	}
	return s
}

// lockedRand serialises draws from a *rand.Rand.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

func (l *lockedRand) float64() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Float64()
}
