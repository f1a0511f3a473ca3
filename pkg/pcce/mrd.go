package pcce

import "encoding/xml"

// MRDType is the type of a media routing domain.
type MRDType string

// MRD types, as documented.
const (
	// MRDVoice is the built-in Cisco_Voice MRD; read-only.
	MRDVoice MRDType = "voice"
	// MRDLegacyMultichannel is an MRD of Enterprise Chat and Email
	// (ECE_Email, ECE_Chat, ECE_Outbound); read-only over the API.
	MRDLegacyMultichannel MRDType = "legacyMultichannel"
	// MRDMultichannel is an MRD for Task Routing; the default.
	MRDMultichannel MRDType = "multichannel"
)

// String returns the type as the API spells it.
func (t MRDType) String() string { return string(t) }

// ReadOnly reports whether the API refuses to update or delete MRDs of
// this type.
func (t MRDType) ReadOnly() bool { return t == MRDVoice || t == MRDLegacyMultichannel }

// The MRDs ECE needs, associated with the right application instance
// (tech note prerequisites; names are case-sensitive).
const (
	MRDNameEmail    = "ECE_Email"
	MRDNameChat     = "ECE_Chat"
	MRDNameOutbound = "ECE_Outbound"
)

// MRD is one media routing domain of /unifiedconfig/config/mediaroutingdomain.
type MRD struct {
	XMLName       xml.Name `xml:"mediaRoutingDomain"`
	ChangeStamp   int      `xml:"changeStamp"`
	RefURL        string   `xml:"refURL,omitempty"`
	ID            int      `xml:"id,omitempty"`
	Name          string   `xml:"name"`
	Description   string   `xml:"description,omitempty"`
	Type          MRDType  `xml:"type,omitempty"`
	Interruptible bool     `xml:"interruptible"`
	MediaClass    *Ref     `xml:"mediaClass,omitempty"`
	// ApplicationInstance is the application instance the MRD is
	// associated with (element name chosen: the public MRD documentation
	// does not show the association).
	ApplicationInstance *Ref `xml:"applicationInstance,omitempty"`
}

// ApplicationInstanceRef is the MRD's application instance, or the zero Ref.
func (m MRD) ApplicationInstanceRef() Ref {
	if m.ApplicationInstance == nil {
		return Ref{}
	}
	return *m.ApplicationInstance
}

// ApplicationInstance is one item of /unifiedconfig/config/applicationinstance
// (path and element names chosen; see the package documentation).
// "MultiChannel" for 2000 agents, "{site}_{peripheralSet}_{instance}" for
// 4000/12000; names are case-sensitive.
type ApplicationInstance struct {
	XMLName     xml.Name `xml:"applicationInstance"`
	ChangeStamp int      `xml:"changeStamp"`
	RefURL      string   `xml:"refURL,omitempty"`
	Name        string   `xml:"name"`
	Type        string   `xml:"type,omitempty"`
	Description string   `xml:"description,omitempty"`
}

// Ref returns the reference to the instance.
func (a ApplicationInstance) Ref() Ref { return Ref{RefURL: a.RefURL, Name: a.Name} }
