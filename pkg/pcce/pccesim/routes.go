package pccesim

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// route dispatches an authorised request to the API.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case p == pcce.PathMachineStatus:
		s.only(w, r, http.MethodGet, s.machineStatus)
	case p == pcce.PathMachines:
		switch r.Method {
		case http.MethodGet:
			s.listMachines(w, r)
		case http.MethodPost:
			s.createMachine(w, r)
		default:
			notAllowed(w, "GET, POST")
		}
	case p == pcce.PathMRDs:
		s.only(w, r, http.MethodGet, s.listMRDs)
	case p == pcce.PathApplicationInstances:
		s.only(w, r, http.MethodGet, s.listAppInstances)
	default:
		s.routeItem(w, r, p)
	}
}

func (s *Server) routeItem(w http.ResponseWriter, r *http.Request, p string) {
	base, id, ok := splitID(p)
	if !ok {
		notFound(w, p)
		return
	}
	switch base {
	case pcce.PathMachines:
		switch r.Method {
		case http.MethodGet:
			s.getMachine(w, id)
		case http.MethodPut:
			s.updateMachine(w, r, id)
		case http.MethodDelete:
			s.deleteMachine(w, id)
		default:
			notAllowed(w, "GET, PUT, DELETE")
		}
	case pcce.PathMRDs:
		switch r.Method {
		case http.MethodGet:
			s.getMRD(w, id)
		case http.MethodPut, http.MethodDelete:
			s.changeMRD(w, r, id)
		default:
			notAllowed(w, "GET, PUT, DELETE")
		}
	case pcce.PathApplicationInstances:
		s.only(w, r, http.MethodGet, func(w http.ResponseWriter, _ *http.Request) { s.getAppInstance(w, id) })
	default:
		notFound(w, p)
	}
}

// splitID splits ".../machineinventory/5001" into the collection and id.
func splitID(p string) (string, int, bool) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", 0, false
	}
	id, err := strconv.Atoi(p[i+1:])
	if err != nil || id <= 0 {
		return "", 0, false
	}
	return p[:i], id, true
}

func (s *Server) only(w http.ResponseWriter, r *http.Request, method string, h http.HandlerFunc) {
	if r.Method != method {
		notAllowed(w, method)
		return
	}
	h(w, r)
}

func notAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	w.WriteHeader(http.StatusMethodNotAllowed)
}
