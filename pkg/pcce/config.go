package pcce

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.uber.org/zap"
)

// Defaults of Config.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultTotalTimeout = 2 * time.Minute
	DefaultRetries      = 4
	// DefaultBackoffBase is the first wait between attempts; it doubles
	// with each attempt up to DefaultBackoffMax, with jitter.
	DefaultBackoffBase = 200 * time.Millisecond
	DefaultBackoffMax  = 10 * time.Second
)

// Config says how to reach the Unified Config API of one PCCE AW/ADS.
type Config struct {
	// BaseURL is the AW's address, "https://aw.example.com" (a path, if
	// any, is kept as a prefix). Only https is accepted.
	BaseURL string
	// User and Password sign every request (HTTP Basic). The password never
	// appears in errors or logs.
	User     string
	Password string
	// RootCAs verifies the server's certificate. Required: the client
	// never skips verification; pass x509.SystemCertPool() explicitly to
	// trust the system roots.
	RootCAs *x509.CertPool
	// HTTPClient is optional (tests). Its *http.Transport is cloned and
	// given the TLS settings above; another RoundTripper is used as is.
	HTTPClient *http.Client
	// Timeout bounds one request (default 30s).
	Timeout time.Duration
	// TotalTimeout bounds one operation, retries and paging included
	// (default 2m).
	TotalTimeout time.Duration
	// Retries is how many times a failed request is tried again: 0 means
	// the default 4, a negative value none.
	Retries int
	// Backoff is the wait before attempt n+1 (n ≥ 1); default exponential
	// from 200ms, doubled each time up to 10s, with jitter from Rand.
	Backoff func(attempt int) time.Duration
	// Sleep waits d or until ctx is done (injectable; default a timer).
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand draws the backoff jitter (default seeded from the clock).
	Rand *rand.Rand
	// Logger receives one debug entry per attempt (method, path, status,
	// attempt, duration); never headers or bodies. Default: none.
	Logger *zap.Logger
}

// Client talks to the Unified Config API. It is safe for concurrent use.
type Client struct {
	base     *url.URL
	host     string
	server   string // host:port of base, named in errors
	user     string
	password string
	http     *http.Client

	timeout      time.Duration
	totalTimeout time.Duration
	retries      int
	backoff      func(int) time.Duration
	sleep        func(context.Context, time.Duration) error
	log          *zap.Logger
}

// New checks cfg and returns a client. It refuses a BaseURL that is not
// https, carries credentials or a query, and a nil RootCAs.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.BaseURL))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("pcce: base URL %q is not an absolute URL like https://aw.example.com", cfg.BaseURL)
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return nil, fmt.Errorf("pcce: base URL %s: only https is accepted (the Unified Config API carries credentials)", u.Redacted())
	}
	if u.User != nil {
		return nil, errors.New("pcce: base URL must not carry credentials; set Config.User and Config.Password")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("pcce: base URL %s must not have a query or fragment", u.Redacted())
	}
	if cfg.RootCAs == nil {
		return nil, errors.New("pcce: no CA bundle to verify the AW's certificate (Config.RootCAs is nil); pass x509.SystemCertPool() to trust the system roots")
	}
	if cfg.User == "" {
		return nil, errors.New("pcce: no user (Config.User is empty)")
	}
	u.Path = strings.TrimSuffix(u.Path, "/")

	c := &Client{
		base:         u,
		host:         u.Hostname(),
		server:       serverOf(u),
		user:         cfg.User,
		password:     cfg.Password,
		timeout:      orDefault(cfg.Timeout, DefaultTimeout),
		totalTimeout: orDefault(cfg.TotalTimeout, DefaultTotalTimeout),
		retries:      cfg.Retries,
		backoff:      cfg.Backoff,
		sleep:        cfg.Sleep,
		log:          cfg.Logger,
	}
	switch {
	case c.retries == 0:
		c.retries = DefaultRetries
	case c.retries < 0:
		c.retries = 0
	}
	if c.backoff == nil {
		r := cfg.Rand
		if r == nil {
			seed := uint64(time.Now().UnixNano())
			r = rand.New(rand.NewPCG(seed, seed>>32))
		}
		c.backoff = ExponentialBackoff(DefaultBackoffBase, DefaultBackoffMax, r)
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.log == nil {
		c.log = zap.NewNop()
	}
	hc, err := httpClient(cfg)
	if err != nil {
		return nil, err
	}
	c.http = hc
	return c, nil
}

// serverOf is the host:port an https URL reaches, the port 443 when the
// URL gives none: "aw1.example.com:443", "[fd00::1]:9443".
func serverOf(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// httpClient builds the HTTP client: TLS 1.2+, verification against
// RootCAs, no redirects followed (a redirect would carry the credentials
// elsewhere), no cookies.
func httpClient(cfg Config) (*http.Client, error) {
	tlsConf := &tls.Config{RootCAs: cfg.RootCAs, MinVersion: tls.VersionTLS12}
	var rt http.RoundTripper
	switch {
	case cfg.HTTPClient == nil || cfg.HTTPClient.Transport == nil:
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.TLSClientConfig = tlsConf
		rt = t
	default:
		if t, ok := cfg.HTTPClient.Transport.(*http.Transport); ok {
			if t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify {
				return nil, errors.New("pcce: the HTTP client skips certificate verification; refused")
			}
			t = t.Clone()
			t.TLSClientConfig = tlsConf
			rt = t
		} else {
			rt = cfg.HTTPClient.Transport
		}
	}
	return &http.Client{
		Transport: rt,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}, nil
}

// ExponentialBackoff waits base·2^(attempt-1), at most max, scaled by a
// random factor in [0.5, 1) drawn from r (r is locked: safe for concurrent
// use).
func ExponentialBackoff(base, max time.Duration, r *rand.Rand) func(attempt int) time.Duration {
	var mu lockedRand
	mu.r = r
	return func(attempt int) time.Duration {
		if attempt < 1 {
			attempt = 1
		}
		d := base
		for i := 1; i < attempt && d < max; i++ {
			d *= 2
		}
		if d > max {
			d = max
		}
		return time.Duration(float64(d) * (0.5 + 0.5*mu.float64()))
	}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
