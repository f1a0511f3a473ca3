package labwin

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// span is a byte range [start, end) of applicationHost.config.
type span struct{ start, end int }

// siteScan is one site of applicationHost.config and where its parts sit
// in the file's bytes, so that an edit replaces exactly one of them.
type siteScan struct {
	site     winops.Site
	bindings []span // one per <binding> element, file order
	// list is the <bindings> element when hasList; listClose is the start
	// of </bindings>, -1 when the element is written <bindings />.
	list      span
	hasList   bool
	listClose int
	siteClose int // start of </site>, -1 when the site is <site ... />
}

// sitePath is where IIS keeps sites: configuration/system.applicationHost/sites/site.
var sitePath = []string{"configuration", "system.applicationHost", "sites", "site"}

// scanSite parses applicationHost.config with encoding/xml and returns the
// site named name (compared case-insensitively, as IIS does). found is false
// when no such site exists; a file that is not well-formed XML is an error.
func scanSite(data []byte, name string) (sc siteScan, found bool, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	inSite := false // inside the wanted site
	inList := false // inside its <bindings>
	var cur span    // the <binding> being read
	var curBinding winops.Binding
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return siteScan{}, false, fmt.Errorf("parsing %s: %w", ConfigPath, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			depth := len(stack)
			switch {
			case slices.Equal(stack, sitePath):
				n := attr(t, "name")
				if found || !strings.EqualFold(n, name) {
					continue
				}
				id, err := atoiAttr(t, "id")
				if err != nil {
					return siteScan{}, false, fmt.Errorf("parsing %s: site %q: %w", ConfigPath, n, err)
				}
				found, inSite = true, true
				sc.site = winops.Site{Name: n, ID: id}
				sc.siteClose, sc.listClose = -1, -1
			case inSite && depth == len(sitePath)+1 && t.Name.Local == "bindings" && !sc.hasList:
				inList, sc.hasList = true, true
				sc.list.start = off
			case inList && depth == len(sitePath)+2 && t.Name.Local == "binding":
				flags, err := atoiAttr(t, "sslFlags")
				if err != nil {
					return siteScan{}, false, fmt.Errorf("parsing %s: site %q: binding: %w", ConfigPath, sc.site.Name, err)
				}
				curBinding = winops.Binding{Protocol: attr(t, "protocol"), Information: attr(t, "bindingInformation"), SSLFlags: flags}
				cur = span{start: off}
			}
		case xml.EndElement:
			depth := len(stack)
			end := int(d.InputOffset())
			switch {
			case inList && depth == len(sitePath)+2 && t.Name.Local == "binding":
				cur.end = end
				sc.bindings = append(sc.bindings, cur)
				sc.site.Bindings = append(sc.site.Bindings, curBinding)
			case inList && depth == len(sitePath)+1:
				inList = false
				sc.list.end = end
				if off != end { // a synthesised end (<bindings />) reads nothing
					sc.listClose = off
				}
			case inSite && depth == len(sitePath):
				inSite = false
				if off != end {
					sc.siteClose = off
				}
			}
			stack = stack[:len(stack)-1]
		}
	}
	return sc, found, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// atoiAttr reads an integer attribute; absent is 0.
func atoiAttr(t xml.StartElement, name string) (int, error) {
	v := attr(t, name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("attribute %s=%q is not an integer", name, v)
	}
	return n, nil
}
