package pccesim

import (
	"fmt"
	"hash/fnv"
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// Documented limits: a machine name is 1-128 characters of letters,
// digits, '.', '-' and '_', starting with a letter or digit; a description
// at most 255 characters.
const (
	maxMachineName = 128
	maxDescription = 255
)

var (
	machineNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	hostLabelPattern   = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
)

// perms is which operations the API allows on a machine type (the
// developer reference's per-type table).
type perms struct{ create, update, del bool }

var (
	none       = perms{}
	updateOnly = perms{update: true}
	all        = perms{true, true, true}
)

func (s *Server) perms(t pcce.MachineType) (perms, bool) {
	switch t {
	case pcce.TypeECE:
		if s.opts.StrictECEType {
			return none, true
		}
		return all, true
	case pcce.TypeECEWebServer, pcce.TypeDCECEWebServer,
		"EXTERNAL_CVVB", "EXTERNAL_GATEWAY", "EXTERNAL_CVP_REPORTING", "EXTERNAL_ECE",
		"EXTERNAL_MEDIA_SENSE", "EXTERNAL_SOCIAL_MINER", "EXTERNAL_MEDIA_SERVER":
		return all, true
	case pcce.TypeCCEAW, pcce.TypeFinesse, pcce.TypeCUICPublisher, pcce.TypeExternalHDS,
		"CM", "CM_PUBLISHER", "CM_SUBSCRIBER", "CVP_OPS":
		return updateOnly, true
	case pcce.TypeVMHost, pcce.TypeCCERogger, pcce.TypeCCERouter, pcce.TypeCCELogger,
		pcce.TypeCCEPG, pcce.TypeCVP, "CVP_REPORTING", "CUIC_SUBSCRIBER", "GATEWAY":
		return none, true
	}
	return none, false
}

// isECEWeb: the machine types that carry PA credentials and an
// application instance.
func isECEWeb(t pcce.MachineType) bool {
	return t == pcce.TypeECEWebServer || t == pcce.TypeDCECEWebServer
}

func checkName(name string) []pcce.ErrorItem {
	switch {
	case name == "":
		return []pcce.ErrorItem{{Type: pcce.ErrTypeFieldRequired, Data: "name", Message: "a machine needs a name"}}
	case len(name) > maxMachineName:
		return []pcce.ErrorItem{{
			Type: pcce.ErrTypeFieldLengthExceeded, Data: "name",
			Message: fmt.Sprintf("must be at most %d characters", maxMachineName),
			Detail:  &pcce.ErrorDetail{Max: strconv.Itoa(maxMachineName)},
		}}
	case !machineNamePattern.MatchString(name):
		return []pcce.ErrorItem{{
			Type: pcce.ErrTypeInvalidValue, Data: "name",
			Message: "must match [A-Za-z0-9][A-Za-z0-9._-]*: start with a letter or digit, then letters, digits, '.', '-' or '_'",
		}}
	}
	return nil
}

// normalizeHost does what PCCE's lookup does to a host name: lower case,
// no trailing dot, a short name completed with the domain. An IP address
// is kept.
func (s *Server) normalizeHost(h string) (string, []pcce.ErrorItem) {
	n := pcce.NormalizeHostName(h)
	if n == "" {
		return "", []pcce.ErrorItem{{Type: pcce.ErrTypeFieldRequired, Data: "hostName", Message: "a machine needs a host name"}}
	}
	if net.ParseIP(n) != nil {
		return n, nil
	}
	for _, label := range strings.Split(n, ".") {
		if !hostLabelPattern.MatchString(label) {
			return "", []pcce.ErrorItem{{
				Type: pcce.ErrTypeInvalidValue, Data: "hostName",
				Message: fmt.Sprintf("%q is not a valid host name", h),
			}}
		}
	}
	if !strings.Contains(n, ".") {
		n += "." + pcce.NormalizeHostName(s.opts.Domain)
	}
	return n, nil
}

// resolves reports whether the simulated DNS knows the host.
func (s *Server) resolves(host string) bool {
	if s.opts.ResolvableHosts == nil || net.ParseIP(host) != nil {
		return true
	}
	for _, h := range s.opts.ResolvableHosts {
		if pcce.NormalizeHostName(h) == host {
			return true
		}
	}
	return false
}

// fakeIP is the address the simulated DNS gives a host: stable, in 10/8.
func fakeIP(host string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(host))
	v := h.Sum32()
	return fmt.Sprintf("10.%d.%d.%d", byte(v>>16), byte(v>>8), 1+byte(v)%254)
}

// acceptsPA reports whether PCCE could sign in to ECE with this password.
func (s *Server) acceptsPA(password string) bool {
	if s.opts.PAPassword == "" {
		return password != ""
	}
	return password == s.opts.PAPassword
}

// resolveAppInstance finds the instance a reference names: by refURL, or
// by exact (case-sensitive) name.
func (s *Server) resolveAppInstance(ref pcce.Ref) (int, []pcce.ErrorItem) {
	st := &s.store
	if ref.RefURL != "" {
		base, id, ok := splitID(ref.RefURL)
		if ok && base == pcce.PathApplicationInstances && st.appInstance(id) != nil {
			return id, nil
		}
		return 0, []pcce.ErrorItem{{
			Type: pcce.ErrTypeInvalidReference, Data: "applicationInstance",
			Message: fmt.Sprintf("no application instance at %s", ref.RefURL),
		}}
	}
	if ref.Name == "" {
		return 0, []pcce.ErrorItem{{Type: pcce.ErrTypeFieldRequired, Data: "applicationInstance", Message: "an ECE web server needs an application instance"}}
	}
	var near string
	for _, ai := range st.ApplicationInstances {
		if ai.Name == ref.Name {
			return ai.ID, nil
		}
		if strings.EqualFold(ai.Name, ref.Name) {
			near = ai.Name
		}
	}
	msg := fmt.Sprintf("no application instance is named %q", ref.Name)
	if near != "" {
		msg += fmt.Sprintf("; names are case-sensitive (there is %q)", near)
	}
	return 0, []pcce.ErrorItem{{Type: pcce.ErrTypeInvalidReference, Data: "applicationInstance", Message: msg}}
}

// duplicates finds another machine with the same type and host name, or
// the same name.
func (s *Server) duplicates(m StoredMachine) []pcce.ErrorItem {
	var errs []pcce.ErrorItem
	for _, o := range s.store.Machines {
		if o.ID == m.ID {
			continue
		}
		if o.Type == m.Type && m.HostName != "" && o.HostName == m.HostName {
			errs = append(errs, pcce.ErrorItem{
				Type: pcce.ErrTypeDuplicate, Data: "hostName",
				Message: fmt.Sprintf("a %s machine with host name %s exists (%s)", o.Type, o.HostName, machineRef(o.ID)),
			})
		}
		if strings.EqualFold(o.Name, m.Name) {
			errs = append(errs, pcce.ErrorItem{
				Type: pcce.ErrTypeDuplicate, Data: "name",
				Message: fmt.Sprintf("a machine named %s exists (%s)", o.Name, machineRef(o.ID)),
			})
		}
	}
	return errs
}
