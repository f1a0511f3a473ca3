// Package iisbinding is the resource kind "iis_binding": the https binding
// of the ECE site on one web server (tech note step 1.2), through
// winops.Ops.
//
// Reality has two halves: the site binding in applicationHost.config
// (bindingInformation "IP:port:hostname" and the sslFlags bitmask) and the
// http.sys SSL binding that holds the certificate hash ("netsh http add
// sslcert ipport=0.0.0.0:443 certhash=... appid={4dc3e181-...}
// certstorename=MY").
//
// # Wanted
//
//	binding       https *:<port>:   (All Unassigned, no host name)
//	sslFlags      the SNI bit clear, every other bit kept
//	http.sys      0.0.0.0:<port>, certhash = the certificate resource's
//	              final thumbprint, appid = IIS's, store MY
//
// "Our" binding is the site's https binding on the port: `*:<port>:` if
// there is one, else the first with a host name, else the first on a
// specific IP. It is edited in place, or added when missing.
//
// # Attributes
//
//	binding, ssl_flags, sni (on|off), host_name       our site binding
//	sslcert_endpoint, cert_hash, app_id, cert_store   http.sys 0.0.0.0:<port>
//	other_https_on_port                               the site's other https
//	                                                  bindings on the port
//
// # Invariants
//
//   - Nothing is ever deleted: no binding, no http.sys entry. Other https
//     bindings on the port break SPOG (tech note), so they are a plan
//     error asking to remove them by hand; a leftover SNI or IP-specific
//     http.sys entry on the port is a warning.
//   - A missing site is a plan error: ecereconcile does not create IIS
//     sites.
//   - While the certificate resource has no certificate yet (a CSR waiting
//     for the CA) the binding waits too: NoOp.
//   - Plan is pure; the thumbprint comes from Upstream and is Unknown at
//     plan time when the certificate is about to be made.
package iisbinding
