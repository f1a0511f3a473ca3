package pcce

import (
	"encoding/xml"
	"strings"
	"time"
)

// Alert types of /machineinventory/status. MissingMachine is documented;
// the other two are chosen for the ECE web server checks of tech note
// step 6 ("no alert in the status bar").
const (
	// AlertMissingMachine: a machine PCCE expects is not in the inventory.
	AlertMissingMachine = "inventory.MissingMachine"
	// AlertInvalidCredentials: PCCE cannot sign in to the machine with the
	// credentials of its inventory entry (for ECE: the PA login).
	AlertInvalidCredentials = "inventory.InvalidCredentials"
	// AlertHostNotResolvable: the machine's host name does not resolve.
	AlertHostNotResolvable = "inventory.HostNotResolvable"
)

// MachineStatus is /unifiedconfig/config/machineinventory/status: the
// alerts about the inventory and the last scan.
type MachineStatus struct {
	XMLName  xml.Name `xml:"status"`
	Alerts   []Alert  `xml:"alerts>alert"`
	ScanInfo ScanInfo `xml:"scanInfo"`
}

// Alert is one inventory alert: what is wrong and the machine concerned.
type Alert struct {
	Errors  []ErrorItem  `xml:"apiErrors>apiError"`
	Machine AlertMachine `xml:"machine"`
}

// AlertMachine names the machine of an alert. The documented example has
// host (the VM host side) and type; refURL and name are added when the
// machine is in the inventory.
type AlertMachine struct {
	RefURL string      `xml:"refURL,omitempty"`
	Name   string      `xml:"name,omitempty"`
	Host   string      `xml:"host,omitempty"`
	Type   MachineType `xml:"type,omitempty"`
}

// ScanInfo is the state of the inventory scan.
type ScanInfo struct {
	// LastScanDateTime is milliseconds since the Unix epoch.
	LastScanDateTime int64  `xml:"lastScanDateTime,omitempty"`
	ScanState        string `xml:"scanState,omitempty"`
}

// LastScan returns LastScanDateTime as a time (zero when unknown).
func (s ScanInfo) LastScan() time.Time {
	if s.LastScanDateTime == 0 {
		return time.Time{}
	}
	return time.UnixMilli(s.LastScanDateTime).UTC()
}

// AlertsFor returns the alerts about the machine with this refURL, or with
// this type and name when the alert carries no refURL.
func (s MachineStatus) AlertsFor(m Machine) []Alert {
	var out []Alert
	for _, a := range s.Alerts {
		switch {
		case a.Machine.RefURL != "" && m.RefURL != "":
			if a.Machine.RefURL == m.RefURL {
				out = append(out, a)
			}
		case a.Machine.Type == m.Type && a.Machine.Name != "" && strings.EqualFold(a.Machine.Name, m.Name):
			out = append(out, a)
		}
	}
	return out
}

// String describes the alert in one line: "inventory.InvalidCredentials:
// ece-web-a: PCCE cannot sign in ...".
func (a Alert) String() string {
	var b strings.Builder
	for i, e := range a.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.String())
	}
	return b.String()
}
