package pwsh

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Site returns an IIS site (matched by exact name) and its bindings in
// applicationHost.config order.
func (o *Ops) Site(ctx context.Context, name string) (winops.Site, error) {
	if err := checkSiteName(name); err != nil {
		return winops.Site{}, err
	}
	in := struct {
		Name string `json:"name"`
	}{name}
	var out struct {
		Name     string `json:"name"`
		ID       int    `json:"id"`
		Bindings list   `json:"bindings"`
	}
	if err := call(ctx, o.r, opSite, in, &out, ""); err != nil {
		return winops.Site{}, fmt.Errorf("IIS site %q: %w", name, err)
	}
	bindings, err := parseBindings(out.Bindings)
	if err != nil {
		return winops.Site{}, fmt.Errorf("IIS site %q: %w", name, err)
	}
	return winops.Site{Name: out.Name, ID: out.ID, Bindings: bindings}, nil
}

// bindingJSON is one binding as the script prints it, or as
// "Get-WebBinding | ConvertTo-Json" does.
type bindingJSON struct {
	Protocol           string   `json:"protocol"`
	BindingInformation string   `json:"bindingInformation"`
	SSLFlags           sslFlags `json:"sslFlags"`
}

func parseBindings(items list) ([]winops.Binding, error) {
	out := make([]winops.Binding, 0, len(items))
	for i, raw := range items {
		var b bindingJSON
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, fmt.Errorf("binding %d: %w", i+1, err)
		}
		out = append(out, winops.Binding{Protocol: b.Protocol, Information: b.BindingInformation, SSLFlags: int(b.SSLFlags)})
	}
	return out, nil
}

// SetSiteBinding updates the binding of site that equals old (protocol and
// binding information) in place, attribute by attribute with
// Set-WebConfigurationProperty, or adds b with New-WebBinding when old is
// nil. Nothing is removed; other bindings are untouched. When old equals b
// there is nothing to do.
func (o *Ops) SetSiteBinding(ctx context.Context, site string, old *winops.Binding, b winops.Binding) error {
	if err := checkSiteName(site); err != nil {
		return err
	}
	nb, err := checkBinding(b)
	if err != nil {
		return fmt.Errorf("IIS site %q: %w", site, err)
	}
	var ob *bindingIn
	if old != nil {
		if *old == b {
			return nil
		}
		ov, err := checkBinding(*old)
		if err != nil {
			return fmt.Errorf("IIS site %q: binding to replace: %w", site, err)
		}
		ob = &ov
	}
	in := struct {
		Site string     `json:"site"`
		Old  *bindingIn `json:"old"`
		New  bindingIn  `json:"new"`
	}{site, ob, nb}
	if err := call(ctx, o.r, opSetSiteBinding, in, nil, ""); err != nil {
		return fmt.Errorf("IIS site %q: setting binding %s %s: %w", site, b.Protocol, b.Information, err)
	}
	return nil
}

// bindingIn is a binding as set_site_binding reads it; IP, port and host
// are the parts of bindingInformation New-WebBinding takes.
type bindingIn struct {
	Protocol           string `json:"protocol"`
	BindingInformation string `json:"bindingInformation"`
	SSLFlags           int    `json:"sslFlags"`
	IP                 string `json:"ip,omitempty"`
	Port               int    `json:"port,omitempty"`
	Host               string `json:"host"`
}

var (
	protocolRE = regexp.MustCompile(`^[a-z][a-z0-9.]{0,31}$`)
	// otherInfoRE is the binding information of other protocols
	// ("808:*", "localhost"): no quotes, nothing an XPath filter reads.
	otherInfoRE = regexp.MustCompile(`^[A-Za-z0-9.*:\[\]_-]{1,255}$`)
	hostNameRE  = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)
)

// checkBinding validates a binding for the configuration filter and
// New-WebBinding.
func checkBinding(b winops.Binding) (bindingIn, error) {
	p := strings.ToLower(b.Protocol)
	if !protocolRE.MatchString(p) {
		return bindingIn{}, fmt.Errorf("protocol %q: want a lowercase name such as https", b.Protocol)
	}
	if b.SSLFlags < 0 || b.SSLFlags > 127 {
		return bindingIn{}, fmt.Errorf("sslFlags %d: want 0 to 127", b.SSLFlags)
	}
	in := bindingIn{Protocol: p, BindingInformation: b.Information, SSLFlags: b.SSLFlags}
	if p != "http" && p != "https" {
		if !otherInfoRE.MatchString(b.Information) {
			return bindingIn{}, fmt.Errorf("binding information %q: unexpected characters", b.Information)
		}
		return in, nil
	}
	ip, port, host, err := splitBindingInfo(b.Information)
	if err != nil {
		return bindingIn{}, err
	}
	in.IP, in.Port, in.Host = ip, port, host
	return in, nil
}

// splitBindingInfo splits "IP:port:host" ("*:443:", "10.0.0.5:443:ece.example.com",
// "[::1]:443:") and checks each part.
func splitBindingInfo(info string) (ip string, port int, host string, err error) {
	i := strings.LastIndexByte(info, ':')
	if i < 0 {
		return "", 0, "", fmt.Errorf("binding information %q: want IP:port:host", info)
	}
	rest, host := info[:i], info[i+1:]
	j := strings.LastIndexByte(rest, ':')
	if j < 0 {
		return "", 0, "", fmt.Errorf("binding information %q: want IP:port:host", info)
	}
	ip, ps := rest[:j], rest[j+1:]
	port, perr := strconv.Atoi(ps)
	if perr != nil || port < 1 || port > 65535 {
		return "", 0, "", fmt.Errorf("binding information %q: bad port %q", info, ps)
	}
	switch {
	case ip == "*" || ip == "":
		ip = "*"
	case strings.HasPrefix(ip, "[") && strings.HasSuffix(ip, "]") && net.ParseIP(ip[1:len(ip)-1]) != nil:
	case net.ParseIP(ip) != nil && !strings.Contains(ip, ":"):
	default:
		return "", 0, "", fmt.Errorf("binding information %q: bad IP address %q", info, ip)
	}
	if host != "" && (!hostNameRE.MatchString(host) || len(host) > 253) {
		return "", 0, "", fmt.Errorf("binding information %q: bad host name %q", info, host)
	}
	return ip, port, host, nil
}

// checkSiteName refuses site names that could not be matched exactly by
// Get-WebBinding -Name or put in a configuration filter: quotes,
// wildcard characters and control characters.
func checkSiteName(name string) error {
	if strings.TrimSpace(name) == "" || len(name) > 260 {
		return fmt.Errorf("IIS site name %q: want a non-empty name", name)
	}
	if i := strings.IndexFunc(name, func(r rune) bool {
		return r < 0x20 || r == 0x7f || strings.ContainsRune(`'"*?[]`+"`", r)
	}); i >= 0 {
		return fmt.Errorf("IIS site name %q: the character %q is not supported", name, name[i:i+1])
	}
	return nil
}

// sslFlags decodes the sslFlags attribute as PowerShell may print it: a
// number, a numeric string, or flag names ("Sni, CentralCertStore").
type sslFlags int

var sslFlagNames = map[string]int{
	"none": 0, "sni": winops.SSLFlagSNI, "centralcertstore": winops.SSLFlagCentralStore,
	"disablehttp2": winops.SSLFlagDisableHTTP2, "disableocspstp": winops.SSLFlagDisableOCSP,
	"disableocspstapling": winops.SSLFlagDisableOCSP, "disablequic": winops.SSLFlagDisableQUIC,
	"disabletls13": winops.SSLFlagDisableTLS13, "disablelegacytls": winops.SSLFlagDisableLegacy,
}

// UnmarshalJSON accepts a number, a string or null (0).
func (f *sslFlags) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*f = 0
		return nil
	}
	if len(b) > 0 && b[0] != '"' {
		var n int
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("sslFlags: %w", err)
		}
		*f = sslFlags(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
		*f = sslFlags(n)
		return nil
	}
	n := 0
	for _, part := range strings.Split(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		if part == "" {
			continue
		}
		v, ok := sslFlagNames[part]
		if !ok {
			return fmt.Errorf("sslFlags %q: unknown flag %q", s, part)
		}
		n |= v
	}
	*f = sslFlags(n)
	return nil
}
