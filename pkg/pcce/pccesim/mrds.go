package pccesim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

func (s *Server) listMRDs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, ok := readPage(w, q)
	if !ok {
		return
	}
	nonVoiceOnly := false
	switch search := strings.ReplaceAll(q.Get("q"), " ", ""); strings.ToLower(search) {
	case "":
	case "nonvoiceonly:true":
		nonVoiceOnly = true
	case "nonvoiceonly:false":
	default:
		writeErrors(w, http.StatusBadRequest, pcce.ErrorItem{
			Type: pcce.ErrTypeInvalidSearch, Data: "q",
			Message: fmt.Sprintf("unknown search %q (known: nonVoiceOnly:true)", q.Get("q")),
		})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []pcce.MRD
	for _, m := range s.store.MRDs {
		if nonVoiceOnly && m.Type == pcce.MRDVoice {
			continue
		}
		out = append(out, s.store.renderMRD(m))
	}
	slices.SortStableFunc(out, func(a, b pcce.MRD) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	from, to := p.window(len(out))
	writeXML(w, http.StatusOK, pcce.MRDList{PageInfo: s.info(pcce.PathMRDs, q, p), MRDs: out[from:to]})
}

func (s *Server) getMRD(w http.ResponseWriter, id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.store.mrd(id)
	if m == nil {
		notFound(w, mrdRef(id))
		return
	}
	writeXML(w, http.StatusOK, s.store.renderMRD(*m))
}

// changeMRD updates (PUT) or deletes an MRD. Voice and legacyMultichannel
// MRDs are read-only over the API, as documented.
func (s *Server) changeMRD(w http.ResponseWriter, r *http.Request, id int) {
	var in wireMRD
	if r.Method == http.MethodPut && !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.store.mrd(id)
	if cur == nil {
		notFound(w, mrdRef(id))
		return
	}
	if cur.Type.ReadOnly() {
		writeErrors(w, http.StatusBadRequest, pcce.ErrorItem{
			Type: pcce.ErrTypeReadOnly, Data: "mediaRoutingDomain",
			Message: fmt.Sprintf("%s is a %s media routing domain; it is read-only over the API", cur.Name, cur.Type),
		})
		return
	}
	before := s.store.clone()
	if r.Method == http.MethodDelete {
		s.store.MRDs = slices.DeleteFunc(s.store.MRDs, func(m StoredMRD) bool { return m.ID == id })
	} else {
		switch {
		case in.ChangeStamp == nil:
			writeErrors(w, http.StatusBadRequest, pcce.ErrorItem{Type: pcce.ErrTypeFieldRequired, Data: "changeStamp", Message: "an update needs the changeStamp the item was read at"})
			return
		case *in.ChangeStamp != cur.ChangeStamp:
			writeErrors(w, http.StatusConflict, pcce.ErrorItem{
				Type: pcce.ErrTypeChangeStampMismatch, Data: "changeStamp",
				Message: fmt.Sprintf("changeStamp %d is not the current %d; read the item again", *in.ChangeStamp, cur.ChangeStamp),
			})
			return
		}
		if in.Name != nil {
			cur.Name = *in.Name
		}
		if in.Description != nil {
			cur.Description = *in.Description
		}
		cur.ChangeStamp++
	}
	if !s.persist(w, before) {
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) listAppInstances(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, ok := readPage(w, q)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []pcce.ApplicationInstance
	for _, a := range s.store.ApplicationInstances {
		out = append(out, renderAppInstance(a))
	}
	from, to := p.window(len(out))
	writeXML(w, http.StatusOK, pcce.ApplicationInstanceList{PageInfo: s.info(pcce.PathApplicationInstances, q, p), Instances: out[from:to]})
}

func (s *Server) getAppInstance(w http.ResponseWriter, id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.store.appInstance(id)
	if a == nil {
		notFound(w, appInstanceRef(id))
		return
	}
	writeXML(w, http.StatusOK, renderAppInstance(*a))
}
