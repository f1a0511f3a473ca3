package bulkcsv

import (
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// Column names of the inventory file, as documented.
const (
	ColName              = "name"
	ColMachineType       = "machineType"
	ColPublicAddress     = "publicAddress"
	ColPrivateAddress    = "privateAddress"
	ColSide              = "side"
	ColNewPublicAddress  = "newPublicAddress"
	ColNewPrivateAddress = "newPrivateAddress"
	ColConnectionInfo    = "connectionInfo"
	ColIsReinstalled     = "isReinstalled"
)

// Header is the documented column set in its documented order; Write
// writes it.
var Header = []string{
	ColName, ColMachineType, ColPublicAddress, ColPrivateAddress, ColSide,
	ColNewPublicAddress, ColNewPrivateAddress, ColConnectionInfo, ColIsReinstalled,
}

// Keys of connectionInfo.
const (
	// KeyUserName is the login PCCE uses to reach the machine (for an ECE
	// web server, the Partition Administrator).
	KeyUserName = "userName"
	// KeyPassword is that login's password.
	KeyPassword = "password"
	// KeyApplicationInstance is the ECE web server's application instance
	// (case-sensitive); this package's choice of key.
	KeyApplicationInstance = "applicationInstance"
)

// Row is one machine of the inventory file.
type Row struct {
	Name              string
	MachineType       pcce.MachineType
	PublicAddress     string
	PrivateAddress    string
	Side              string
	NewPublicAddress  string
	NewPrivateAddress string
	ConnectionInfo    ConnectionInfo
	IsReinstalled     string
}

// NewECEDataServer is the row of an ECE data (services) server, tech note
// step 4.2: no credentials, PCCE does not talk to it.
func NewECEDataServer(name, hostName string) Row {
	return Row{Name: name, MachineType: pcce.TypeECE, PublicAddress: hostName}
}

// NewECEWebServer is the row of an ECE web server, tech note step 4.3: its
// FQDN, the Partition Administrator login and the application instance.
func NewECEWebServer(name, hostName, user, password, appInstance string) Row {
	return Row{
		Name:          name,
		MachineType:   pcce.TypeECEWebServer,
		PublicAddress: hostName,
		ConnectionInfo: ConnectionInfo{
			{KeyUserName, user},
			{KeyPassword, password},
			{KeyApplicationInstance, appInstance},
		},
	}
}

// SameMachine reports whether r and o describe the same machine: the same
// type and the same public address (compared as host names), or the same
// type and name (case-insensitive, as PCCE compares names).
func (r Row) SameMachine(o Row) bool {
	if !strings.EqualFold(string(r.MachineType), string(o.MachineType)) {
		return false
	}
	if a, b := pcce.NormalizeHostName(r.PublicAddress), pcce.NormalizeHostName(o.PublicAddress); a != "" && a == b {
		return true
	}
	return r.Name != "" && strings.EqualFold(r.Name, o.Name)
}

// field returns the row's value of a column.
func (r *Row) field(col string) *string {
	switch col {
	case ColName:
		return &r.Name
	case ColMachineType:
		return (*string)(&r.MachineType)
	case ColPublicAddress:
		return &r.PublicAddress
	case ColPrivateAddress:
		return &r.PrivateAddress
	case ColSide:
		return &r.Side
	case ColNewPublicAddress:
		return &r.NewPublicAddress
	case ColNewPrivateAddress:
		return &r.NewPrivateAddress
	case ColIsReinstalled:
		return &r.IsReinstalled
	}
	return nil
}
