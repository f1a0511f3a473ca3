package spec

import (
	"crypto/x509"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Roles lists the host roles in the order messages show them.
var Roles = []string{RoleECEWeb, RoleECEApp, RoleECEData, RolePCCEADS}

// validator checks a decoded, defaulted spec and reads the certificates it
// names. Every check reports through errs and goes on.
type validator struct {
	s     *Spec
	pos   *positions
	errs  *errList
	files *refFiles
	decls *declIndex
	// dupHosts: two hosts have the same name, so instance addresses are
	// not unique; the checks over instances are skipped (see Parse).
	dupHosts bool
}

// errAt reports a problem at path (its value, or the nearest written
// ancestor when path was not written).
func (v *validator) errAt(path, msg, hint string) {
	v.errs.add(v.pos.at(path), path, msg, hint)
}

// blockErr reports a problem about a whole block, at its key.
func (v *validator) blockErr(path, msg, hint string) {
	v.errs.add(v.pos.key(path), path, msg, hint)
}

// required reports a missing or empty field and returns false for it.
func (v *validator) required(path, val, hint string) bool {
	if val != "" {
		return true
	}
	if v.pos.has(path) {
		v.errAt(path, "must not be empty", hint)
	} else {
		v.errAt(path, "missing required field", hint)
	}
	return false
}

// requiredList is required for lists.
func (v *validator) requiredList(path string, n int, what, hint string) bool {
	if n > 0 {
		return true
	}
	if v.pos.has(path) {
		v.errAt(path, "must list at least one "+what, hint)
	} else {
		v.errAt(path, "missing required field", hint)
	}
	return false
}

func (v *validator) validate() {
	s := v.s
	const headerHint = "a spec starts with apiVersion: " + APIVersion + " and kind: " + Kind
	if v.required("apiVersion", s.APIVersion, headerHint) && s.APIVersion != APIVersion {
		v.errAt("apiVersion", fmt.Sprintf("%q is not supported; want %s", s.APIVersion, APIVersion), "")
	}
	if v.required("kind", s.Kind, headerHint) && s.Kind != Kind {
		v.errAt("kind", fmt.Sprintf("%q is not supported; want %s", s.Kind, Kind), "")
	}
	if v.required("metadata.name", s.Metadata.Name, "") && !objectName.MatchString(s.Metadata.Name) {
		v.errAt("metadata.name", fmt.Sprintf("%q is not a valid name", s.Metadata.Name), nameHint)
	}
	v.validateHosts()
	v.decls = buildDeclIndex(s, v.pos)
	if s.Integration != nil {
		v.validateIntegration()
	}
	v.validateResources()
}

const nameHint = "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 63 characters"

func (v *validator) validateHosts() {
	s := v.s
	v.requiredList("hosts", len(s.Hosts), "host", "")
	first := map[string]int{}
	for i, h := range s.Hosts {
		p := fmt.Sprintf("hosts[%d]", i)
		if v.required(p+".name", h.Name, "") {
			if !objectName.MatchString(h.Name) {
				v.errAt(p+".name", fmt.Sprintf("%q is not a valid host name", h.Name), nameHint)
			} else if j, dup := first[h.Name]; dup {
				v.errAt(p+".name", fmt.Sprintf("duplicate host %q (first at line %d)", h.Name, v.pos.at(fmt.Sprintf("hosts[%d].name", j)).Line), "")
				v.dupHosts = true
			} else {
				first[h.Name] = i
			}
		}
		if h.FQDN != "" {
			if problem := checkDNSName(h.FQDN); problem != "" {
				v.errAt(p+".fqdn", problem, dnsHint)
			}
		}
		v.validateRoles(p+".roles", h.Roles)
		v.validateConnection(p+".connection", h.Connection)
	}
}

func (v *validator) validateRoles(p string, roles []string) {
	rolesHint := "roles: " + strings.Join(Roles, ", ")
	v.requiredList(p, len(roles), "role", rolesHint)
	for j, r := range roles {
		rp := fmt.Sprintf("%s[%d]", p, j)
		switch {
		case !slices.Contains(Roles, r):
			v.errAt(rp, fmt.Sprintf("unknown role %q%s", r, didYouMean(r, Roles)), rolesHint)
		case slices.Index(roles, r) < j:
			v.errAt(rp, fmt.Sprintf("role %q is listed twice", r), "")
		}
	}
}

var connTypes = []string{ConnLocal, ConnLab, ConnWinRM}

func (v *validator) validateConnection(p string, c Connection) {
	if !v.required(p+".type", c.Type, "want local, lab or winrm") {
		return
	}
	if c.Type != ConnLab && v.pos.has(p+".root") {
		v.errAt(p+".root", "not allowed for a "+c.Type+" host", "root is the folder of a lab host")
	}
	if c.Type != ConnWinRM {
		for _, f := range []string{"endpoint", "user", "password", "auth", "caCertificate"} {
			if v.pos.has(p + "." + f) {
				v.errAt(p+"."+f, "only for a winrm connection", "")
			}
		}
	}
	switch c.Type {
	case ConnLab:
		v.required(p+".root", c.Root, "a lab host is a folder; give its path, relative to the spec")
	case ConnLocal:
	case ConnWinRM:
		v.validateWinRM(p, c)
	default:
		v.errAt(p+".type", fmt.Sprintf("%q is not a connection type; want local, lab or winrm%s", c.Type, didYouMean(c.Type, connTypes)), "")
	}
}

// httpsURL checks an https URL without credentials in it; it returns the
// parsed URL, or nil after reporting the problem. example shows the shape,
// httpHint says why http is refused.
func (v *validator) httpsURL(path, raw, example, httpHint string) *url.URL {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "":
		v.errAt(path, fmt.Sprintf("%q is not a URL", raw), example)
	case u.Scheme != "https":
		v.errAt(path, fmt.Sprintf("%q is not https", u.Redacted()), httpHint)
	case u.User != nil:
		v.errAt(path, "credentials in the URL are not allowed", "give user and password: {env: NAME}; specs live in git")
	default:
		return u
	}
	return nil
}

func (v *validator) validateWinRM(p string, c Connection) {
	if v.required(p+".endpoint", c.Endpoint, "https://HOST:5986/wsman; leave the field out to use the host's fqdn") {
		u := v.httpsURL(p+".endpoint", c.Endpoint, "https://HOST:5986/wsman",
			"WinRM over http sends credentials and keystores unprotected; configure an HTTPS listener (port 5986)")
		if u != nil && (u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/wsman")) {
			v.errAt(p+".endpoint", fmt.Sprintf("%q: want https://HOST:5986/wsman", u.Redacted()), "")
		}
	}
	v.required(p+".user", c.User, `a local or domain administrator, e.g. EXAMPLE\svc-ecereconcile`)
	v.checkSecret(p+".password", c.Password, "the WinRM password")
	if c.Auth != WinRMAuthNTLM && c.Auth != WinRMAuthBasic {
		v.errAt(p+".auth", fmt.Sprintf("%q is not a WinRM authentication; want ntlm or basic", c.Auth), "")
	}
	if c.CACertificate != "" {
		if _, problem := v.files.cert(c.CACertificate); problem != "" {
			v.errAt(p+".caCertificate", problem, "the CA that signed the WinRM listener's certificate, PEM")
		}
	}
}

// hostsWithRole lists the hosts that have role, in spec order.
func hostsWithRole(s *Spec, role string) []Host {
	var out []Host
	for _, h := range s.Hosts {
		if slices.Contains(h.Roles, role) {
			out = append(out, h)
		}
	}
	return out
}

// hostsNamed lists the hosts of names that exist.
func hostsNamed(s *Spec, names []string) []Host {
	var out []Host
	for _, n := range names {
		if h, ok := s.Host(n); ok {
			out = append(out, h)
		}
	}
	return out
}

// Host returns the host named name.
func (s *Spec) Host(name string) (Host, bool) {
	for _, h := range s.Hosts {
		if h.Name == name {
			return h, true
		}
	}
	return Host{}, false
}

// checkStore validates a keystore's location, type and password.
func (v *validator) checkStore(p string, k KeystoreStore, hosts []Host, needPassword bool) {
	if v.required(p+".path", k.Path, "") {
		if problem, hint := checkServerPath(k.Path, hosts); problem != "" {
			v.errAt(p+".path", problem, hint)
		}
	}
	if k.Type != KeystoreJKS && k.Type != KeystorePKCS12 {
		v.errAt(p+".type", fmt.Sprintf("%q is not a keystore type; want jks or pkcs12", k.Type), "")
	}
	missing := "" // a truststore has a documented default
	if needPassword {
		missing = "write {env: NAME} or {file: PATH}; this keystore has no default password"
	}
	v.secretRef(p+".password", k.Password, missing)
}

// checkSecret validates a secret reference that must be given; what names
// the secret in the hint.
func (v *validator) checkSecret(path string, ref SecretRef, what string) {
	v.secretRef(path, ref, "write {env: NAME} or {file: PATH} for "+what)
}

// secretRef validates a secret reference; missingHint is the hint when it
// is missing, "" when it may be (a documented default applies).
func (v *validator) secretRef(path string, ref SecretRef, missingHint string) {
	switch {
	case ref.IsZero():
		if missingHint != "" && !v.pos.has(path) {
			v.errAt(path, "missing required field", missingHint)
		}
	case ref.Env != "" && !envName.MatchString(ref.Env):
		// Not quoted back: what was pasted here may be the password itself.
		v.errAt(path+".env", "not a valid environment variable name", "letters, digits and _, not starting with a digit; give the name of the variable, not its value")
	}
}

// checkEntries validates trusted-certificate entries and parses their
// certificates; aliases are unique case-insensitively (JKS lowercases them).
func (v *validator) checkEntries(p string, entries []TrustEntry) {
	first := map[string]int{}
	for i := range entries {
		e := &entries[i]
		ep := fmt.Sprintf("%s[%d]", p, i)
		if v.required(ep+".alias", e.Alias, "") {
			key := strings.ToLower(e.Alias)
			if j, dup := first[key]; dup {
				v.errAt(ep+".alias", fmt.Sprintf("alias %q is already used by %s[%d] (line %d); keystore aliases are case-insensitive",
					e.Alias, p, j, v.pos.at(fmt.Sprintf("%s[%d].alias", p, j)).Line), "")
			} else {
				first[key] = i
			}
		}
		e.Cert = v.cert(ep+".certificate", e.Certificate)
	}
}

// cert checks a required certificate file field and parses the file.
func (v *validator) cert(p, file string) *x509.Certificate {
	if !v.required(p, file, "") {
		return nil
	}
	c, problem := v.files.cert(file)
	if problem != "" {
		v.errAt(p, problem, "a certificate file is PEM (one CERTIFICATE block) or DER, relative to the spec")
	}
	return c
}
