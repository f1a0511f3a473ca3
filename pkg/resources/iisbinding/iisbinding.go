package iisbinding

import (
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Kind is the resource kind's name in addresses.
const Kind = "iis_binding"

// DefaultPort is the https port of step 1.2.
const DefaultPort = 443

// Attribute names of the state.
const (
	AttrBinding   = "binding"   // bindingInformation of our binding, "*:443:"
	AttrSSLFlags  = "ssl_flags" // decimal
	AttrSNI       = "sni"       // on | off
	AttrHostName  = "host_name"
	AttrEndpoint  = "sslcert_endpoint" // "0.0.0.0:443" when http.sys has it
	AttrCertHash  = "cert_hash"
	AttrAppID     = "app_id"
	AttrCertStore = "cert_store"
	AttrOthers    = "other_https_on_port" // ", "-joined; absent when none
	// AttrThumbprint is the attribute of the certificate resource's state
	// that is bound (certificate.AttrThumbprint).
	AttrThumbprint = "thumbprint"
)

// Config is everything one binding resource needs.
type Config struct {
	Addr      resources.Addr   // iis_binding.ece_https[ece-web-a]
	DependsOn []resources.Addr // includes Certificate
	Ops       winops.Ops
	Site      string // default winops.DefaultSite
	Port      int    // default 443
	// Certificate is the certificate resource whose final thumbprint
	// attribute is bound.
	Certificate resources.Addr
}

// Resource is the https binding of one site on one web server. It
// implements resources.Resource and resources.Describer.
type Resource struct {
	c Config
}

var (
	_ resources.Resource  = (*Resource)(nil)
	_ resources.Describer = (*Resource)(nil)
)

// New returns the resource for c, with the defaults for Site and Port.
func New(c Config) *Resource {
	if c.Site == "" {
		c.Site = winops.DefaultSite
	}
	if c.Port == 0 {
		c.Port = DefaultPort
	}
	return &Resource{c: c}
}

// Addr returns the resource's address.
func (r *Resource) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the resources this one depends on.
func (r *Resource) DependsOn() []resources.Addr { return r.c.DependsOn }

// Describe says which binding on which server: "Default Web Site https
// port 443 on ece-web-a".
func (r *Resource) Describe() string {
	return fmt.Sprintf("%s https port %d on %s", r.c.Site, r.c.Port, r.c.Addr.Host)
}
