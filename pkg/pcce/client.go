package pcce

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.uber.org/zap"
)

// maxBody bounds what is read of one answer.
const maxBody = 32 << 20

// request is one API call, retried as a whole.
type request struct {
	method string
	path   string // "/unifiedconfig/config/machineinventory", below BaseURL
	query  url.Values
	body   []byte
	// secrets are values sent in the body (passwords) that must never
	// come back in an error text.
	secrets []string
	// recover is called before retrying a request that may have been
	// carried out although its answer was lost (a POST); found means it
	// was, and resp stands for the lost answer.
	recover func(ctx context.Context) (resp *response, found bool, err error)
}

// response is a 2xx answer.
type response struct {
	status   int
	location string
	body     []byte
}

// do runs rq with retries, within ctx (which carries the operation's
// total timeout). The returned error is redacted but not yet prefixed with
// the operation.
func (c *Client) do(ctx context.Context, rq *request) (*response, error) {
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(ctx, rq, attempt)
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, c.outOfTime(ctx, attempt, err)
		}
		var ae *attemptError
		if !errors.As(err, &ae) || !ae.retry {
			if attempt > 1 {
				return nil, &retriedError{err: err, attempts: attempt}
			}
			return nil, err
		}
		if attempt > c.retries {
			return nil, fmt.Errorf("%w (gave up after %d attempt(s))", ae, attempt)
		}
		wait := c.backoff(attempt)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= wait {
			return nil, fmt.Errorf("%w (gave up after %d attempt(s): the total timeout of %s leaves no time for another)", ae, attempt, c.totalTimeout)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, c.outOfTime(ctx, attempt, ae)
		}
		if rq.recover != nil && !ae.notCarriedOut {
			resp, found, rerr := rq.recover(ctx)
			if rerr != nil {
				return nil, fmt.Errorf("%w; whether it was carried out is unknown, as checking failed: %w", ae, rerr)
			}
			if found {
				return resp, nil
			}
		}
	}
}

// outOfTime is the error when ctx ended: the total timeout, or the
// caller's cancellation.
func (c *Client) outOfTime(ctx context.Context, attempts int, last error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: timed out after %s (total timeout), %d attempt(s); last: %w", ErrTimeout, c.totalTimeout, attempts, last)
	}
	return fmt.Errorf("%w (after %d attempt(s); last: %v)", ctx.Err(), attempts, last)
}

// attempt sends rq once, bounded by the per-request timeout.
func (c *Client) attempt(ctx context.Context, rq *request, n int) (*response, error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var body io.Reader
	if rq.body != nil {
		body = bytes.NewReader(rq.body)
	}
	req, err := http.NewRequestWithContext(actx, rq.method, c.url(rq.path, rq.query), body)
	if err != nil {
		return nil, fmt.Errorf("%s: building the request: %w", c.on(rq.method, rq.path), err)
	}
	req.SetBasicAuth(c.user, c.password)
	req.Header.Set("Accept", "application/xml")
	if rq.body != nil {
		req.Header.Set("Content-Type", "application/xml")
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		e := c.transportError(ctx, actx, rq, err)
		c.logAttempt(rq, n, 0, start, e)
		return nil, e
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err == nil && actx.Err() != nil {
		// The answer completed only after the attempt's deadline (a server
		// that gave up when we hung up, over HTTP/2): not an answer.
		err = actx.Err()
	}
	if err != nil {
		e := c.transportError(ctx, actx, rq, err)
		c.logAttempt(rq, n, resp.StatusCode, start, e)
		return nil, e
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := c.statusError(rq, resp.StatusCode, data)
		c.logAttempt(rq, n, resp.StatusCode, start, e)
		return nil, e
	}
	c.logAttempt(rq, n, resp.StatusCode, start, nil)
	return &response{status: resp.StatusCode, location: resp.Header.Get("Location"), body: data}, nil
}

// url joins the base URL, a path below it and a query.
func (c *Client) url(path string, q url.Values) string {
	u := *c.base
	u.Path = c.base.Path + path
	u.RawPath = ""
	u.RawQuery = q.Encode()
	return u.String()
}

// on names a request and the AW it goes to, for error texts: "GET
// /unifiedconfig/config/machineinventory on aw1.example.com:443".
func (c *Client) on(method, path string) string {
	return method + " " + path + " on " + c.server
}

// logAttempt records one attempt: never headers, bodies or secrets.
func (c *Client) logAttempt(rq *request, n, status int, start time.Time, err error) {
	if ce := c.log.Check(zap.DebugLevel, "pcce request"); ce != nil {
		fields := []zap.Field{
			zap.String("method", rq.method),
			zap.String("path", rq.path),
			zap.Int("attempt", n),
			zap.Duration("took", time.Since(start)),
		}
		if status != 0 {
			fields = append(fields, zap.Int("status", status))
		}
		if err != nil {
			fields = append(fields, zap.String("error", c.redact(err.Error(), rq.secrets)))
		}
		ce.Write(fields...)
	}
}

// redact removes the client's password and the request's secrets from s.
func (c *Client) redact(s string, secrets []string) string {
	for _, sec := range append([]string{c.password}, secrets...) {
		if len(sec) >= 3 {
			s = strings.ReplaceAll(s, sec, "******")
		}
	}
	return s
}

// retriedError is a final error of an attempt after the first: an
// earlier attempt may have been carried out.
type retriedError struct {
	err      error
	attempts int
}

func (e *retriedError) Error() string { return e.err.Error() }
func (e *retriedError) Unwrap() error { return e.err }

// redacted is an error whose text had secrets removed; it unwraps to the
// original for errors.Is/As.
type redacted struct {
	msg string
	err error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.err }

// fail wraps err for the caller: "pcce: <op>: <err>", secrets removed.
func (c *Client) fail(op string, rq *request, err error) error {
	var secrets []string
	if rq != nil {
		secrets = rq.secrets
	}
	wrapped := fmt.Errorf("pcce: %s: %w", op, err)
	return &redacted{msg: c.redact(wrapped.Error(), secrets), err: wrapped}
}

// withTotal bounds an operation by the total timeout.
func (c *Client) withTotal(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.totalTimeout)
}
