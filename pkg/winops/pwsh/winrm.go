package pwsh

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/masterzen/winrm"
)

// WinRMAuth is how WinRMRunner authenticates.
type WinRMAuth int

// Authentication schemes.
const (
	// AuthNTLM is NTLM over HTTPS (the default; domain or local accounts).
	AuthNTLM WinRMAuth = iota
	// AuthBasic is HTTP Basic over HTTPS (local accounts, Basic enabled on
	// the listener).
	AuthBasic
)

// String returns the scheme as the spec writes it.
func (a WinRMAuth) String() string {
	switch a {
	case AuthNTLM:
		return "ntlm"
	case AuthBasic:
		return "basic"
	}
	return fmt.Sprintf("WinRMAuth(%d)", int(a))
}

// ParseWinRMAuth reads a spec's auth: "" or "ntlm", or "basic".
func ParseWinRMAuth(s string) (WinRMAuth, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "ntlm":
		return AuthNTLM, nil
	case "basic":
		return AuthBasic, nil
	}
	return 0, fmt.Errorf("winrm auth %q: want ntlm or basic", s)
}

// DefaultWinRMTimeout bounds one script run when WinRMConfig.Timeout is 0.
const DefaultWinRMTimeout = 5 * time.Minute

// winrmOperationTimeout is WinRM's OperationTimeout: how long the server
// holds a Receive with no output before answering (the client then asks
// again). HTTP responses are awaited a little longer.
const (
	winrmOperationTimeout = 60 * time.Second
	httpResponseTimeout   = winrmOperationTimeout + 30*time.Second
)

// WinRMConfig is how to reach one server's WinRM HTTPS listener.
type WinRMConfig struct {
	// Endpoint is "https://host:5986/wsman"; the port defaults to 5986
	// and the path, when given, must be /wsman. http:// is refused.
	Endpoint string
	// User is "DOMAIN\user", "user@domain" or a local account.
	User     string
	Password string
	Auth     WinRMAuth
	// CABundle is the PEM bundle that verifies the server's certificate;
	// empty means the system roots. Verification is never skipped.
	CABundle []byte
	// Timeout bounds one script run; 0 means DefaultWinRMTimeout.
	Timeout time.Duration
}

// WinRMRunner runs scripts on a remote server over WinRM (HTTPS). Each Run
// opens a shell, runs the launcher, feeds it the script and the payload on
// standard input, and closes the shell.
type WinRMRunner struct {
	endpoint string // for errors: scheme, host, port and path, no credentials
	timeout  time.Duration
	client   *winrm.Client
}

var _ Runner = (*WinRMRunner)(nil)

// NewWinRMRunner checks cfg and prepares a client; it does not connect.
func NewWinRMRunner(cfg WinRMConfig) (*WinRMRunner, error) {
	host, port, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	endpoint := "https://" + net.JoinHostPort(host, strconv.Itoa(port)) + "/wsman"
	if cfg.User == "" {
		return nil, fmt.Errorf("winrm %s: no user", endpoint)
	}
	if cfg.Auth != AuthNTLM && cfg.Auth != AuthBasic {
		return nil, fmt.Errorf("winrm %s: unknown auth %v", endpoint, cfg.Auth)
	}
	var roots *x509.CertPool // nil: the system roots
	if len(bytes.TrimSpace(cfg.CABundle)) > 0 {
		if roots, err = parseCABundle(cfg.CABundle); err != nil {
			return nil, fmt.Errorf("winrm %s: CA bundle: %w", endpoint, err)
		}
	}
	tr := newTransport(endpoint, cfg.User, cfg.Password, cfg.Auth, roots)
	params := winrm.NewParameters(fmt.Sprintf("PT%dS", int(winrmOperationTimeout/time.Second)), "en-US", 153600)
	params.TransportDecorator = func() winrm.Transporter { return tr }
	// The library builds "https://<Host>:<Port>/wsman" from these; an IPv6
	// address needs its brackets there.
	epHost := host
	if strings.Contains(host, ":") {
		epHost = "[" + host + "]"
	}
	ep := &winrm.Endpoint{Host: epHost, Port: port, HTTPS: true, Timeout: httpResponseTimeout}
	client, err := winrm.NewClientWithParameters(ep, cfg.User, cfg.Password, params)
	if err != nil {
		return nil, fmt.Errorf("winrm %s: %w", endpoint, err)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultWinRMTimeout
	}
	return &WinRMRunner{endpoint: endpoint, timeout: timeout, client: client}, nil
}

// Run runs the launcher and feeds it the script and stdin (launcher.go).
func (r *WinRMRunner) Run(ctx context.Context, script string, stdin []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	// io.Copy would hand a bytes.Reader's whole content to one Write, which
	// the library sends as one message of Base64; reading through a plain
	// io.Reader caps each message at io.Copy's 32 KiB buffer, well inside
	// the 150 KiB envelope.
	in := struct{ io.Reader }{bytes.NewReader(launcherInput(script, stdin))}
	var stdout, stderr bytes.Buffer
	code, err := r.client.RunWithContextWithInput(ctx, launcherCommand, &stdout, &stderr, in)
	if err != nil {
		return nil, fmt.Errorf("winrm %s: %w", r.endpoint, err)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, fmt.Errorf("winrm %s: %w", r.endpoint, ctxErr)
	}
	return scriptResult(stdout.Bytes(), stderr.Bytes(), code)
}

// parseEndpoint checks a WinRM endpoint URL and returns its host and port.
func parseEndpoint(raw string) (string, int, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", 0, fmt.Errorf("winrm endpoint %q: %w", raw, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		return "", 0, fmt.Errorf("winrm endpoint %s: http is refused, credentials and payloads would travel in clear; use https (port 5986)", u.Redacted())
	default:
		return "", 0, fmt.Errorf("winrm endpoint %q: want https://host:5986/wsman", u.Redacted())
	}
	if u.User != nil {
		return "", 0, fmt.Errorf("winrm endpoint %s: credentials do not belong in the URL", u.Redacted())
	}
	if u.Path != "" && u.Path != "/wsman" {
		return "", 0, fmt.Errorf("winrm endpoint %s: path must be /wsman", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", 0, fmt.Errorf("winrm endpoint %s: no query or fragment allowed", u.Redacted())
	}
	host := u.Hostname()
	if host == "" {
		return "", 0, fmt.Errorf("winrm endpoint %s: no host", u.Redacted())
	}
	port := 5986
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return "", 0, fmt.Errorf("winrm endpoint %s: bad port %q", u.Redacted(), p)
		}
		port = n
	}
	return host, port, nil
}

// parseCABundle reads every certificate of a PEM bundle.
func parseCABundle(b []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	n := 0
	for rest := b; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %w", n+1, err)
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return nil, errors.New("no PEM certificate in it")
	}
	return pool, nil
}
