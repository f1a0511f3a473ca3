package pccesim

import (
	"encoding/xml"
	"io"
	"net/http"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// The simulator decodes requests with its own types, independent of the
// client's: pointers tell an absent element from an empty one (PUT
// changes only what it carries), and the password is read here, while
// pcce.Password never reads one.

type wireMachine struct {
	XMLName     xml.Name      `xml:"machine"`
	ChangeStamp *int          `xml:"changeStamp"`
	Name        *string       `xml:"name"`
	Description *string       `xml:"description"`
	Type        string        `xml:"type"`
	HostName    *string       `xml:"hostName"`
	Networks    *wireNetworks `xml:"networks"`
}

type wireNetworks struct {
	Network []wireNetwork `xml:"network"`
}

type wireNetwork struct {
	Type     string        `xml:"type"`
	Address  string        `xml:"address"`
	Services *wireServices `xml:"services"`
}

type wireServices struct {
	Service []wireService `xml:"service"`
}

type wireService struct {
	Type                string    `xml:"type"`
	URI                 string    `xml:"uri"`
	Port                int       `xml:"port"`
	UserName            string    `xml:"userName"`
	Password            *string   `xml:"password"`
	Description         string    `xml:"description"`
	ApplicationInstance *pcce.Ref `xml:"applicationInstance"`
}

type wireMRD struct {
	XMLName     xml.Name `xml:"mediaRoutingDomain"`
	ChangeStamp *int     `xml:"changeStamp"`
	Name        *string  `xml:"name"`
	Description *string  `xml:"description"`
}

// maxRequest bounds a request body.
const maxRequest = 1 << 20

// decode reads the XML body into v; false (and a 400 answered) when it
// cannot.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxRequest))
	if err == nil {
		err = xml.Unmarshal(data, v)
	}
	if err != nil {
		writeErrors(w, http.StatusBadRequest, pcce.ErrorItem{
			Type: pcce.ErrTypeMalformed, Message: "the body is not the expected XML: " + err.Error(),
		})
		return false
	}
	return true
}

// writeXML answers status with v as XML.
func writeXML(w http.ResponseWriter, status int, v any) {
	data, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "encoding the answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(data)
}

// writeErrors answers status with an <apiErrors> body.
func writeErrors(w http.ResponseWriter, status int, items ...pcce.ErrorItem) {
	writeXML(w, status, pcce.APIErrors{Errors: items})
}

func notFound(w http.ResponseWriter, path string) {
	writeErrors(w, http.StatusNotFound, pcce.ErrorItem{
		Type: pcce.ErrTypeNotFound, Data: path, Message: "no such item",
	})
}
