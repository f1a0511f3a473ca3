package pwsh

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// SSLBindings lists the http.sys SSL bindings: the script returns the text
// of "netsh http show sslcert", parsed by parseSSLCert.
func (o *Ops) SSLBindings(ctx context.Context) ([]winops.SSLBinding, error) {
	var out struct {
		Text string `json:"text"`
	}
	if err := call(ctx, o.r, opSSLBindings, struct{}{}, &out, ""); err != nil {
		return nil, fmt.Errorf("listing http.sys SSL bindings: %w", err)
	}
	return parseSSLCert(out.Text), nil
}

// parseSSLCert reads "netsh http show sslcert" (English): blocks of
// "Name : value" lines separated by blank lines, each starting with
// "IP:port" or "Hostname:port". Central certificate store bindings
// ("Central Certificate Store : 443") carry no certificate and are
// skipped, as are lines outside a block. Hashes and store names come out
// in upper case, application ids in lower case.
func parseSSLCert(text string) []winops.SSLBinding {
	var out []winops.SSLBinding
	var cur *winops.SSLBinding
	flush := func() {
		if cur != nil && cur.Endpoint != "" {
			out = append(out, *cur)
		}
		cur = nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			flush()
			continue
		}
		// The key may hold a colon ("IP:port"); the separator has a space
		// before it.
		i := strings.Index(line, " :")
		if i < 0 {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(line[:i]))
		value := strings.TrimSpace(line[i+2:])
		if value == "(null)" {
			value = ""
		}
		switch key {
		case "ip:port", "hostname:port":
			flush()
			cur = &winops.SSLBinding{Endpoint: value}
		case "central certificate store":
			flush()
		case "certificate hash":
			if cur != nil {
				cur.CertHash = strings.ToUpper(value)
			}
		case "application id":
			if cur != nil {
				cur.AppID = strings.ToLower(value)
			}
		case "certificate store name":
			if cur != nil {
				cur.CertStoreName = strings.ToUpper(value)
			}
		}
	}
	flush()
	return out
}

// SetSSLBinding adds or replaces the http.sys binding of b.Endpoint with
// netsh: "ipport=" for an IP endpoint, "hostnameport=" for a host name
// (SNI). An existing binding of the same endpoint is deleted first and put
// back if the add fails; an identical one is left alone.
func (o *Ops) SetSSLBinding(ctx context.Context, b winops.SSLBinding) error {
	want, err := checkSSLBinding(b)
	if err != nil {
		return fmt.Errorf("http.sys binding: %w", err)
	}
	current, err := o.SSLBindings(ctx)
	if err != nil {
		return fmt.Errorf("http.sys binding %s: %w", want.Endpoint, err)
	}
	type oldBinding struct {
		CertHash string `json:"certhash"`
		AppID    string `json:"appid"`
		Store    string `json:"store"`
	}
	var old *oldBinding
	for _, c := range current {
		if !strings.EqualFold(c.Endpoint, want.Endpoint) {
			continue
		}
		if strings.EqualFold(c.CertHash, want.CertHash) && strings.EqualFold(c.AppID, want.AppID) && strings.EqualFold(c.CertStoreName, want.CertStoreName) {
			return nil
		}
		ob, err := checkSSLBinding(c)
		if err != nil {
			return fmt.Errorf("http.sys binding %s: the current binding cannot be restored if needed: %w", want.Endpoint, err)
		}
		old = &oldBinding{ob.CertHash, ob.AppID, ob.CertStoreName}
		break
	}
	in := struct {
		Kind     string      `json:"kind"`
		Endpoint string      `json:"endpoint"`
		CertHash string      `json:"certhash"`
		AppID    string      `json:"appid"`
		Store    string      `json:"store"`
		Old      *oldBinding `json:"old"`
	}{want.kind, want.Endpoint, want.CertHash, want.AppID, want.CertStoreName, old}
	if err := call(ctx, o.r, opSetSSLBinding, in, nil, ""); err != nil {
		return fmt.Errorf("http.sys binding %s: %w", want.Endpoint, err)
	}
	return nil
}

// sslBindingIn is a validated binding and the netsh key of its endpoint.
type sslBindingIn struct {
	winops.SSLBinding
	kind string // "ipport" or "hostnameport"
}

var (
	appIDRE     = regexp.MustCompile(`^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$`)
	storeNameRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
)

// checkSSLBinding validates every value that becomes a netsh argument.
// An empty store name means MY.
func checkSSLBinding(b winops.SSLBinding) (sslBindingIn, error) {
	kind, err := endpointKind(b.Endpoint)
	if err != nil {
		return sslBindingIn{}, err
	}
	hash, err := normalizeThumbprint(b.CertHash)
	if err != nil {
		return sslBindingIn{}, fmt.Errorf("endpoint %s: certificate hash: %w", b.Endpoint, err)
	}
	if !appIDRE.MatchString(b.AppID) {
		return sslBindingIn{}, fmt.Errorf("endpoint %s: application id %q: want a GUID in braces", b.Endpoint, b.AppID)
	}
	store := b.CertStoreName
	if store == "" {
		store = winops.StoreMy
	}
	if !storeNameRE.MatchString(store) {
		return sslBindingIn{}, fmt.Errorf("endpoint %s: certificate store name %q: want letters and digits", b.Endpoint, store)
	}
	return sslBindingIn{
		SSLBinding: winops.SSLBinding{Endpoint: b.Endpoint, CertHash: hash, AppID: strings.ToLower(b.AppID), CertStoreName: strings.ToUpper(store)},
		kind:       kind,
	}, nil
}

// endpointKind tells an IP endpoint ("0.0.0.0:443", "[::]:443") from a host
// name one ("ece.example.com:443") and checks its shape.
func endpointKind(ep string) (string, error) {
	host, port, err := net.SplitHostPort(ep)
	if err != nil {
		return "", fmt.Errorf("endpoint %q: want IP:port or hostname:port", ep)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("endpoint %q: bad port", ep)
	}
	if ip := net.ParseIP(host); ip != nil {
		if strings.Contains(host, ":") != strings.HasPrefix(ep, "[") {
			return "", fmt.Errorf("endpoint %q: an IPv6 address goes in brackets", ep)
		}
		return "ipport", nil
	}
	if !hostNameRE.MatchString(host) || len(host) > 253 {
		return "", fmt.Errorf("endpoint %q: bad host name", ep)
	}
	return "hostnameport", nil
}
