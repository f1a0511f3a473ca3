package pcce

import "encoding/xml"

// Paging limits of list operations (documented: minimum 1, default 25,
// maximum 100).
const (
	DefaultResultsPerPage = 25
	MaxResultsPerPage     = 100
)

// PageInfo is the <pageInfo> of a list answer.
type PageInfo struct {
	ResultsPerPage int    `xml:"resultsPerPage"`
	StartIndex     int    `xml:"startIndex"`
	TotalResults   int    `xml:"totalResults"`
	FirstPage      string `xml:"firstPage,omitempty"`
	LastPage       string `xml:"lastPage,omitempty"`
	PrevPage       string `xml:"prevPage,omitempty"`
	NextPage       string `xml:"nextPage,omitempty"`
	SearchTerm     string `xml:"searchTerm,omitempty"`
	SortTerm       string `xml:"sortTerm,omitempty"`
}

// MachineList is a page of machines: <results><pageInfo/><machines>.
type MachineList struct {
	XMLName  xml.Name  `xml:"results"`
	PageInfo *PageInfo `xml:"pageInfo"`
	Machines []Machine `xml:"machines>machine"`
}

// MRDList is a page of MRDs: <results><pageInfo/><mediaRoutingDomains>.
type MRDList struct {
	XMLName  xml.Name  `xml:"results"`
	PageInfo *PageInfo `xml:"pageInfo"`
	MRDs     []MRD     `xml:"mediaRoutingDomains>mediaRoutingDomain"`
}

// ApplicationInstanceList is a page of application instances.
type ApplicationInstanceList struct {
	XMLName   xml.Name              `xml:"results"`
	PageInfo  *PageInfo             `xml:"pageInfo"`
	Instances []ApplicationInstance `xml:"applicationInstances>applicationInstance"`
}

// The client reads lists tolerantly: under <results> as above, or with the
// collection element as the root (the documented MRD example).
type machinePage struct {
	PageInfo *PageInfo `xml:"pageInfo"`
	Wrapped  []Machine `xml:"machines>machine"`
	Bare     []Machine `xml:"machine"`
}

type mrdPage struct {
	PageInfo *PageInfo `xml:"pageInfo"`
	Wrapped  []MRD     `xml:"mediaRoutingDomains>mediaRoutingDomain"`
	Bare     []MRD     `xml:"mediaRoutingDomain"`
}

type appInstancePage struct {
	PageInfo *PageInfo             `xml:"pageInfo"`
	Wrapped  []ApplicationInstance `xml:"applicationInstances>applicationInstance"`
	Bare     []ApplicationInstance `xml:"applicationInstance"`
}

func (p *machinePage) page() (*PageInfo, []Machine) {
	return p.PageInfo, append(p.Wrapped, p.Bare...)
}

func (p *mrdPage) page() (*PageInfo, []MRD) { return p.PageInfo, append(p.Wrapped, p.Bare...) }

func (p *appInstancePage) page() (*PageInfo, []ApplicationInstance) {
	return p.PageInfo, append(p.Wrapped, p.Bare...)
}
