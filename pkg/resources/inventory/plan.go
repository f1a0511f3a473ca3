package inventory

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// maxName is the documented limit of a machine name.
const maxName = 128

var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// planned is Change.Private: what Apply does. Reasons are not consulted.
type planned struct {
	// create: the machine is absent; it is POSTed (or written to the CSV).
	create bool
	// machine is the machine read, changeStamp included, for an update.
	machine pcce.Machine
}

// Plan compares the machine found with the desired one. It is pure.
//
//	current                                      decision
//	absent                                       Create (MachineMissing)
//	other name                                   Update (NameDiffers)
//	web: other PA user                           Update (UserDiffers)
//	web: other application instance              Update (AppInstanceDiffers)
//	web: recorded hash != hash of spec password  Update (PasswordChanged)
//	web: no recorded hash                        Update (PasswordUnknown)
//	otherwise                                    NoOp
//
// Invalid settings (name, host name, missing credentials) are a plan
// error (InvalidSettings).
func (r *Resource) Plan(in resources.PlanInput) (resources.Change, error) {
	cur := in.Current
	if err := r.validate(); err != nil {
		return failPlan(r.c.Addr, cur, InvalidSettings, err)
	}
	rs, ok := cur.Private.(*readState)
	if !ok || rs == nil {
		return resources.Change{}, fmt.Errorf("%s: the inventory was not read", r.c.Name)
	}
	if !cur.Exists {
		return resources.Change{
			Addr:    r.c.Addr,
			Action:  resources.Create,
			After:   r.desiredAttrs(pcce.NormalizeHostName(r.c.HostName)),
			Reasons: []resources.Reason{{Code: MachineMissing, Message: r.missingMessage()}},
			Private: &planned{create: true},
		}, nil
	}
	m := rs.machine
	var reasons []resources.Reason
	if m.Name != r.c.Name {
		reasons = append(reasons, resources.Reason{Code: NameDiffers, Message: fmt.Sprintf(
			"the %s machine %s is named %q in the inventory; it will be renamed %q", r.c.Type, m.HostName, m.Name, r.c.Name)})
	}
	if r.isWeb() {
		if got := m.UserName(); got != r.c.User {
			reasons = append(reasons, resources.Reason{Code: UserDiffers, Message: fmt.Sprintf(
				"the Partition Administrator user is %s; it will be %q", quoteOrEmpty(got), r.c.User)})
		}
		if got := m.ApplicationInstance().Name; got != r.c.AppInstance {
			msg := fmt.Sprintf("the application instance is %s; it will be %q", quoteOrEmpty(got), r.c.AppInstance)
			if strings.EqualFold(got, r.c.AppInstance) {
				msg += " (application instance names are case-sensitive)"
			}
			reasons = append(reasons, resources.Reason{Code: AppInstanceDiffers, Message: msg})
		}
		switch {
		case rs.recordedHash == "" || rs.desiredHash == "":
			reasons = append(reasons, resources.Reason{Code: PasswordUnknown, Message: fmt.Sprintf(
				"PCCE never returns the password and none sent by ecereconcile is recorded; it will be sent once (%s)", r.c.Password.Ref())})
		case rs.recordedHash != rs.desiredHash:
			reasons = append(reasons, resources.Reason{Code: PasswordChanged, Message: fmt.Sprintf(
				"the password %s is not the one last sent; it will be sent", r.c.Password.Ref())})
		}
	}
	if len(reasons) == 0 {
		ch := resources.NoChange(r.c.Addr, cur)
		ch.Private = &planned{machine: m}
		return ch, nil
	}
	return resources.Change{
		Addr:    r.c.Addr,
		Action:  resources.Update,
		Before:  cur.Attrs,
		After:   r.desiredAttrs(m.HostName),
		Reasons: reasons,
		Private: &planned{machine: m},
	}, nil
}

// desiredAttrs are the attributes after apply; hostName is PCCE's.
func (r *Resource) desiredAttrs(hostName string) resources.Attrs {
	a := resources.Attrs{
		AttrName:     resources.V(r.c.Name),
		AttrType:     resources.V(r.c.Type.String()),
		AttrHostName: resources.V(hostName),
	}
	if r.isWeb() {
		a[AttrUser] = resources.V(r.c.User)
		a[AttrAppInstance] = resources.V(r.c.AppInstance)
		a[AttrPassword] = r.passwordAttr()
	}
	return a
}

func (r *Resource) missingMessage() string {
	msg := fmt.Sprintf("no %s machine has host name %s in the PCCE inventory", r.c.Type, r.c.HostName)
	if r.c.CSVFile != "" {
		return msg + fmt.Sprintf("; its row will be written to %s for the bulk import (not POSTed)", r.c.CSVFile)
	}
	return msg + fmt.Sprintf("; it will be added as %q", r.c.Name)
}

// validate refuses settings PCCE would refuse, or the tech note forbids.
func (r *Resource) validate() error {
	var errs []error
	switch r.c.Type {
	case pcce.TypeECE, pcce.TypeECEWebServer, pcce.TypeDCECEWebServer:
	default:
		errs = append(errs, fmt.Errorf("type %q is not an ECE machine type (want %s or %s)", r.c.Type, pcce.TypeECE, pcce.TypeECEWebServer))
	}
	switch {
	case r.c.Name == "":
		errs = append(errs, errors.New("the inventory name is empty"))
	case len(r.c.Name) > maxName:
		errs = append(errs, fmt.Errorf("the inventory name is longer than %d characters", maxName))
	case !namePattern.MatchString(r.c.Name):
		errs = append(errs, fmt.Errorf("inventory name %q must match [A-Za-z0-9][A-Za-z0-9._-]*", r.c.Name))
	}
	host := pcce.NormalizeHostName(r.c.HostName)
	switch {
	case host == "":
		errs = append(errs, errors.New("the host name is empty"))
	case r.isWeb() && net.ParseIP(host) != nil:
		errs = append(errs, fmt.Errorf("host name %s is an IP address; add the web server by the FQDN in its certificate's CN or SANs (tech note step 4.3)", r.c.HostName))
	case r.isWeb() && !strings.Contains(host, "."):
		errs = append(errs, fmt.Errorf("host name %s is not fully qualified; add the web server by the FQDN in its certificate's CN or SANs (tech note step 4.3)", r.c.HostName))
	}
	if r.isWeb() {
		if r.c.User == "" {
			errs = append(errs, errors.New("the Partition Administrator user is empty"))
		}
		if r.c.Password.IsZero() {
			errs = append(errs, errors.New("the Partition Administrator password has no reference"))
		}
		if r.c.AppInstance == "" {
			errs = append(errs, errors.New("the application instance is empty"))
		}
		if r.c.StateDir == "" {
			errs = append(errs, errors.New("no state folder to record the password hash in"))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %w", r.c.Name, errors.Join(errs...))
	}
	return nil
}

// failPlan is a plan error with its reason: a NoOp Change carrying the
// reason, and the error.
func failPlan(addr resources.Addr, cur resources.State, code string, err error) (resources.Change, error) {
	ch := resources.NoChange(addr, cur)
	ch.Reasons = []resources.Reason{{Code: code, Message: err.Error()}}
	return ch, err
}

// quoteOrEmpty renders a value in messages: quoted, or "empty".
func quoteOrEmpty(s string) string {
	if s == "" {
		return "empty"
	}
	return fmt.Sprintf("%q", s)
}
