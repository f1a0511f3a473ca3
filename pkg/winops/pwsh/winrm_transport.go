package pwsh

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	ntlmssp "github.com/Azure/go-ntlmssp"
	"github.com/masterzen/winrm"
	"github.com/masterzen/winrm/soap"
)

// The library always asks for console-mode standard input. In console mode
// the end of the input is not an end of file for the remote process, so a
// script reading [Console]::In to the end would wait forever; pipe mode
// makes it one (Ansible sets it off whenever it feeds stdin for the same
// reason). transport.Post rewrites the option on the way out.
const (
	consoleModeOn  = `<w:Option Name="WINRS_CONSOLEMODE_STDIN">TRUE</w:Option>`
	consoleModeOff = `<w:Option Name="WINRS_CONSOLEMODE_STDIN">FALSE</w:Option>`
	commandAction  = `http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command<`
)

// maxResponse bounds one WinRM response read into memory.
const maxResponse = 64 << 20

// transport is the library's Transporter: SOAP over HTTPS with verified
// TLS (1.2 or later) and NTLM or Basic authentication. It never skips
// certificate verification and never puts credentials in an error.
type transport struct {
	url      string
	user     string
	password string
	client   *http.Client
}

var _ winrm.Transporter = (*transport)(nil)

func newTransport(url, user, password string, auth WinRMAuth, roots *x509.CertPool) *transport {
	base := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   30 * time.Second,
		ResponseHeaderTimeout: httpResponseTimeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
	}
	var rt http.RoundTripper = base
	if auth == AuthNTLM {
		rt = ntlmssp.Negotiator{RoundTripper: base}
	}
	return &transport{url: url, user: user, password: password, client: &http.Client{Transport: rt}}
}

// Transport is called by the library with its endpoint; the transport was
// configured by NewWinRMRunner already.
func (t *transport) Transport(*winrm.Endpoint) error { return nil }

// Post sends one SOAP message and returns the response body.
func (t *transport) Post(_ *winrm.Client, msg *soap.SoapMessage) (string, error) {
	body := msg.String()
	if strings.Contains(body, commandAction) {
		if !strings.Contains(body, consoleModeOn) {
			return "", errors.New("winrm: the command request does not carry the expected WINRS_CONSOLEMODE_STDIN option; the library changed")
		}
		body = strings.Replace(body, consoleModeOn, consoleModeOff, 1)
	}
	req, err := http.NewRequest(http.MethodPost, t.url, strings.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("building the request: %w", err)
	}
	req.Header.Set("Content-Type", "application/soap+xml;charset=UTF-8")
	req.SetBasicAuth(t.user, t.password)
	resp, err := t.client.Do(req)
	if err != nil {
		// *url.Error: names the URL (no credentials in it) and the cause,
		// such as a certificate the CA bundle does not verify. The library
		// checks it for timeouts, so it stays wrapped.
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return "", fmt.Errorf("reading the response: %w", err)
	}
	text := string(data)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return "", errors.New("authentication refused (HTTP 401): check the user, the password and the auth scheme")
	case resp.StatusCode != http.StatusOK && strings.Contains(text, "OperationTimeout"):
		// The library polls again on a fault naming OperationTimeout.
		return "", errors.New("OperationTimeout: no output yet")
	case resp.StatusCode != http.StatusOK:
		return "", fmt.Errorf("HTTP %d: %s", resp.StatusCode, faultText(text))
	case !strings.Contains(resp.Header.Get("Content-Type"), "application/soap+xml"):
		return "", fmt.Errorf("unexpected response content type %q", resp.Header.Get("Content-Type"))
	}
	return text, nil
}

var (
	faultReason = regexp.MustCompile(`(?s)<(?:\w+:)?Text[^>]*>(.*?)</(?:\w+:)?Text>`)
	xmlTag      = regexp.MustCompile(`<[^>]*>`)
)

// faultText is the reason of a SOAP fault, or the body without its tags.
func faultText(body string) string {
	if m := faultReason.FindStringSubmatch(body); m != nil {
		return clip(strings.Join(strings.Fields(m[1]), " "))
	}
	return clip(strings.Join(strings.Fields(xmlTag.ReplaceAllString(body, " ")), " "))
}
