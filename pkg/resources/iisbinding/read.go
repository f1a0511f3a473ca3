package iisbinding

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// observed is State.Private: what Plan decides from.
type observed struct {
	siteMissing bool
	// ours is our binding, nil when the site has none on the port.
	ours *winops.Binding
	// oursInfo is ours parsed.
	oursInfo info
	// others are the site's other https bindings on the port.
	others []winops.Binding
	// ssl is the http.sys binding of 0.0.0.0:<port>, nil when absent.
	ssl *winops.SSLBinding
}

// Read reads the site's bindings and the http.sys SSL bindings. A missing
// site is State{Exists: false} (Plan refuses it); a missing binding too.
func (r *Resource) Read(ctx context.Context) (resources.State, error) {
	site, err := r.c.Ops.Site(ctx, r.c.Site)
	if errors.Is(err, winops.ErrSiteNotFound) {
		return resources.State{Attrs: resources.Attrs{}, Private: &observed{siteMissing: true}}, nil
	}
	if err != nil {
		return resources.State{}, fmt.Errorf("reading IIS site %q: %w", r.c.Site, err)
	}
	ssl, err := r.c.Ops.SSLBindings(ctx)
	if err != nil {
		return resources.State{}, fmt.Errorf("reading http.sys SSL bindings: %w", err)
	}
	obs := r.observe(site, ssl)
	st := resources.State{Exists: obs.ours != nil, Attrs: attrsOf(obs), Private: obs}
	st.Warnings = r.leftovers(ssl)
	return st, nil
}

// observe picks our binding, the others on the port and the http.sys
// binding of 0.0.0.0:<port>.
func (r *Resource) observe(site winops.Site, ssl []winops.SSLBinding) *observed {
	obs := &observed{}
	var onPort []winops.Binding
	var infos []info
	for _, b := range site.Bindings {
		in, ok := parseInfo(b.Information)
		if ok && strings.EqualFold(b.Protocol, "https") && in.Port == r.c.Port {
			onPort = append(onPort, b)
			infos = append(infos, in)
		}
	}
	pick := -1
	for _, prefer := range []func(info) bool{
		func(i info) bool { return i.IP == "*" && i.Host == "" },
		func(i info) bool { return i.Host != "" },
		func(info) bool { return true },
	} {
		for i, in := range infos {
			if pick < 0 && prefer(in) {
				pick = i
			}
		}
	}
	for i, b := range onPort {
		if i == pick {
			obs.ours, obs.oursInfo = &onPort[i], infos[i]
		} else {
			obs.others = append(obs.others, b)
		}
	}
	for i, s := range ssl {
		if s.Endpoint == allEndpoint(r.c.Port) {
			obs.ssl = &ssl[i]
		}
	}
	return obs
}

// attrsOf renders what Read observed.
func attrsOf(obs *observed) resources.Attrs {
	a := resources.Attrs{}
	if b := obs.ours; b != nil {
		a[AttrBinding] = resources.V(b.Information)
		a[AttrSSLFlags] = resources.V(strconv.Itoa(b.SSLFlags))
		a[AttrSNI] = resources.V(onOff(b.SSLFlags&winops.SSLFlagSNI != 0))
		a[AttrHostName] = resources.V(obs.oursInfo.Host)
	}
	if s := obs.ssl; s != nil {
		a[AttrEndpoint] = resources.V(s.Endpoint)
		a[AttrCertHash] = resources.V(strings.ToUpper(s.CertHash))
		a[AttrAppID] = resources.V(s.AppID)
		a[AttrCertStore] = resources.V(s.CertStoreName)
	}
	if len(obs.others) > 0 {
		a[AttrOthers] = resources.V(infoList(obs.others))
	}
	return a
}

// leftovers warns about http.sys bindings on the port other than
// 0.0.0.0:<port>: an SNI (hostname:port) entry left over, or an
// IP-specific one, which wins over 0.0.0.0 for its address.
func (r *Resource) leftovers(ssl []winops.SSLBinding) []string {
	var out []string
	for _, s := range ssl {
		host, port, ok := cutLast(s.Endpoint, ":")
		if !ok || port != strconv.Itoa(r.c.Port) || s.Endpoint == allEndpoint(r.c.Port) {
			continue
		}
		if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err != nil {
			out = append(out, fmt.Sprintf("http.sys holds an SNI binding %s (certificate %s) left over; with SNI off IIS does not use it; remove it by hand (netsh http delete sslcert hostnameport=%s) once nothing needs it",
				s.Endpoint, s.CertHash, s.Endpoint))
			continue
		}
		out = append(out, fmt.Sprintf("http.sys holds an SSL binding for %s (certificate %s); for that address it takes precedence over %s; remove it by hand (netsh http delete sslcert ipport=%s) unless it is meant",
			s.Endpoint, s.CertHash, allEndpoint(r.c.Port), s.Endpoint))
	}
	return out
}

func infoList(bs []winops.Binding) string {
	s := make([]string, len(bs))
	for i, b := range bs {
		s[i] = b.Information
	}
	return strings.Join(s, ", ")
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
