package pcce

import "encoding/xml"

// NetworkList is the <networks> of a machine. An empty list is left out
// of a request (encoding/xml would send an empty <networks/>, which an
// update could read as "no networks").
type NetworkList []Network

// MarshalXML writes <networks><network/>...</networks>.
func (l NetworkList) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "network", l)
}

// UnmarshalXML reads the <network> children.
func (l *NetworkList) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return unmarshalList(d, "network", (*[]Network)(l))
}

// ServiceList is the <services> of a network; empty, it is left out.
type ServiceList []Service

// MarshalXML writes <services><service/>...</services>.
func (l ServiceList) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "service", l)
}

// UnmarshalXML reads the <service> children.
func (l *ServiceList) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return unmarshalList(d, "service", (*[]Service)(l))
}

func marshalList[T any](e *xml.Encoder, start xml.StartElement, item string, items []T) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, it := range items {
		if err := e.EncodeElement(it, xml.StartElement{Name: xml.Name{Local: item}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

func unmarshalList[T any](d *xml.Decoder, item string, dst *[]T) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != item {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			var v T
			if err := d.DecodeElement(&v, &t); err != nil {
				return err
			}
			*dst = append(*dst, v)
		case xml.EndElement:
			return nil
		}
	}
}
