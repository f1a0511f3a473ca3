package pccesim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

func (s *Server) getMachine(w http.ResponseWriter, id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.store.machine(id)
	if m == nil {
		notFound(w, machineRef(id))
		return
	}
	writeXML(w, http.StatusOK, s.store.renderMachine(*m))
}

func (s *Server) createMachine(w http.ResponseWriter, r *http.Request) {
	var in wireMachine
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, errs := s.build(in, nil)
	if len(errs) == 0 {
		errs = s.duplicates(m)
	}
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	before := s.store.clone()
	m.ID = s.store.newID()
	s.store.Machines = append(s.store.Machines, m)
	if !s.persist(w, before) {
		return
	}
	w.Header().Set("Location", s.url+machineRef(m.ID))
	w.WriteHeader(http.StatusCreated)
}

func (s *Server) updateMachine(w http.ResponseWriter, r *http.Request, id int) {
	var in wireMachine
	if !decode(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.store.machine(id)
	switch {
	case cur == nil:
		notFound(w, machineRef(id))
		return
	case in.ChangeStamp == nil:
		writeErrors(w, http.StatusBadRequest, pcce.ErrorItem{
			Type: pcce.ErrTypeFieldRequired, Data: "changeStamp", Message: "an update needs the changeStamp the item was read at",
		})
		return
	case *in.ChangeStamp != cur.ChangeStamp:
		writeErrors(w, http.StatusConflict, pcce.ErrorItem{
			Type: pcce.ErrTypeChangeStampMismatch, Data: "changeStamp",
			Message: fmt.Sprintf("changeStamp %d is not the current %d; read the machine again", *in.ChangeStamp, cur.ChangeStamp),
		})
		return
	}
	m, errs := s.build(in, cur)
	if len(errs) == 0 {
		errs = s.duplicates(m)
	}
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	before := s.store.clone()
	m.ChangeStamp++
	*cur = m
	if !s.persist(w, before) {
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) deleteMachine(w http.ResponseWriter, id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.store.machine(id)
	if cur == nil {
		notFound(w, machineRef(id))
		return
	}
	if p, _ := s.perms(cur.Type); !p.del {
		writeErrors(w, http.StatusBadRequest, notAllowedItem("delete", cur.Type))
		return
	}
	before := s.store.clone()
	s.store.Machines = slices.DeleteFunc(s.store.Machines, func(m StoredMachine) bool { return m.ID == id })
	if !s.persist(w, before) {
		return
	}
	w.WriteHeader(http.StatusOK)
}

func notAllowedItem(op string, t pcce.MachineType) pcce.ErrorItem {
	return pcce.ErrorItem{
		Type: pcce.ErrTypeOperationNotAllowed, Data: "type",
		Message: fmt.Sprintf("machines of type %s cannot be %sd over the API", t, op),
	}
}

// build applies a create (cur nil) or an update (only the elements the
// request carries) and validates the result.
func (s *Server) build(in wireMachine, cur *StoredMachine) (StoredMachine, []pcce.ErrorItem) {
	var m StoredMachine
	var errs []pcce.ErrorItem
	op := "create"
	if cur != nil {
		m = cur.clone()
		op = "update"
	}

	t := pcce.MachineType(strings.ToUpper(strings.TrimSpace(in.Type)))
	switch {
	case cur == nil && t == "":
		return m, []pcce.ErrorItem{{Type: pcce.ErrTypeFieldRequired, Data: "type", Message: "a machine needs a type"}}
	case cur != nil && t != "" && t != cur.Type:
		return m, []pcce.ErrorItem{{Type: pcce.ErrTypeInvalidValue, Data: "type", Message: "the type of a machine cannot change"}}
	case cur == nil:
		m.Type = t
	}
	p, known := s.perms(m.Type)
	if !known {
		return m, []pcce.ErrorItem{{Type: pcce.ErrTypeInvalidValue, Data: "type", Message: fmt.Sprintf("unknown machine type %q", in.Type)}}
	}
	if (cur == nil && !p.create) || (cur != nil && !p.update) {
		return m, []pcce.ErrorItem{notAllowedItem(op, m.Type)}
	}

	if in.Name != nil || cur == nil {
		name := ""
		if in.Name != nil {
			name = strings.TrimSpace(*in.Name)
		}
		errs = append(errs, checkName(name)...)
		m.Name = name
	}
	if in.Description != nil {
		if len(*in.Description) > maxDescription {
			errs = append(errs, pcce.ErrorItem{
				Type: pcce.ErrTypeFieldLengthExceeded, Data: "description",
				Message: fmt.Sprintf("must be at most %d characters", maxDescription),
				Detail:  &pcce.ErrorDetail{Max: fmt.Sprint(maxDescription)},
			})
		}
		m.Description = *in.Description
	}
	if in.HostName != nil || cur == nil {
		h := ""
		if in.HostName != nil {
			h = *in.HostName
		}
		host, herrs := s.normalizeHost(h)
		errs = append(errs, herrs...)
		m.HostName = host
	}
	if in.Networks != nil {
		errs = append(errs, s.buildNetworks(&m, in.Networks)...)
	}
	if isECEWeb(m.Type) && len(errs) == 0 {
		errs = append(errs, s.checkECEWeb(m, cur == nil, in.Networks)...)
	}
	return m, errs
}

// buildNetworks replaces m's networks with the request's; a password sent
// for the ADMINISTRATION service is checked, never kept.
func (s *Server) buildNetworks(m *StoredMachine, in *wireNetworks) []pcce.ErrorItem {
	var errs []pcce.ErrorItem
	m.Networks = nil
	for _, n := range in.Network {
		nt := strings.ToUpper(n.Type)
		if nt == "" {
			nt = pcce.NetworkPublic
		}
		if nt != pcce.NetworkPublic && nt != "PRIVATE" {
			errs = append(errs, pcce.ErrorItem{Type: pcce.ErrTypeInvalidValue, Data: "networks.network.type", Message: "must be PUBLIC or PRIVATE"})
		}
		addr := strings.TrimSpace(n.Address)
		if (addr == "" || strings.EqualFold(pcce.NormalizeHostName(addr), m.HostName) || pcce.SameHost(m.HostName, addr)) && s.resolves(m.HostName) {
			addr = fakeIP(m.HostName)
		}
		sn := StoredNetwork{Type: nt, Address: addr}
		if n.Services != nil {
			for _, sv := range n.Services.Service {
				ss, serrs := s.buildService(m, sv)
				errs = append(errs, serrs...)
				sn.Services = append(sn.Services, ss)
			}
		}
		m.Networks = append(m.Networks, sn)
	}
	return errs
}

func (s *Server) buildService(m *StoredMachine, in wireService) (StoredService, []pcce.ErrorItem) {
	st := pcce.ServiceType(strings.ToUpper(strings.TrimSpace(in.Type)))
	out := StoredService{Type: st, URI: in.URI, Port: in.Port, UserName: in.UserName, Description: in.Description}
	if st == "" {
		return out, []pcce.ErrorItem{{Type: pcce.ErrTypeFieldRequired, Data: "services.service.type", Message: "a service needs a type"}}
	}
	var errs []pcce.ErrorItem
	if len(in.UserName) > maxMachineName {
		errs = append(errs, pcce.ErrorItem{
			Type: pcce.ErrTypeFieldLengthExceeded, Data: "userName",
			Message: fmt.Sprintf("must be at most %d characters", maxMachineName),
			Detail:  &pcce.ErrorDetail{Max: fmt.Sprint(maxMachineName)},
		})
	}
	if st == pcce.ServiceAdministration && in.Password != nil && *in.Password != "" {
		m.CredentialsValid = s.acceptsPA(*in.Password)
	}
	if in.ApplicationInstance != nil {
		id, aerrs := s.resolveAppInstance(*in.ApplicationInstance)
		errs = append(errs, aerrs...)
		out.ApplicationInstanceID = id
	}
	return out, errs
}

// checkECEWeb: an ECE web server needs the PA login and an application
// instance (tech note step 4.3); a create needs the password too.
func (s *Server) checkECEWeb(m StoredMachine, create bool, in *wireNetworks) []pcce.ErrorItem {
	var errs []pcce.ErrorItem
	var admin, info *StoredService
	for i := range m.Networks {
		for j := range m.Networks[i].Services {
			sv := &m.Networks[i].Services[j]
			switch sv.Type {
			case pcce.ServiceAdministration:
				admin = sv
			case pcce.ServiceMachineInfo:
				info = sv
			}
		}
	}
	if admin == nil || admin.UserName == "" {
		errs = append(errs, pcce.ErrorItem{Type: pcce.ErrTypeFieldRequired, Data: "userName", Message: "an ECE web server needs the Partition Administrator user (ADMINISTRATION service)"})
	}
	if create && !sentPassword(in) {
		errs = append(errs, pcce.ErrorItem{Type: pcce.ErrTypeFieldRequired, Data: "password", Message: "an ECE web server needs the Partition Administrator password"})
	}
	if info == nil || info.ApplicationInstanceID == 0 {
		errs = append(errs, pcce.ErrorItem{Type: pcce.ErrTypeFieldRequired, Data: "applicationInstance", Message: "an ECE web server needs an application instance (MACHINE_INFO service)"})
	}
	return errs
}

func sentPassword(in *wireNetworks) bool {
	if in == nil {
		return false
	}
	for _, n := range in.Network {
		if n.Services == nil {
			continue
		}
		for _, sv := range n.Services.Service {
			if strings.EqualFold(sv.Type, string(pcce.ServiceAdministration)) && sv.Password != nil && *sv.Password != "" {
				return true
			}
		}
	}
	return false
}

// persist saves the state file after a change; on failure the change is
// undone and a 500 answered.
func (s *Server) persist(w http.ResponseWriter, before Store) bool {
	if s.opts.StateFile == "" {
		return true
	}
	if err := s.store.Save(s.opts.StateFile); err != nil {
		s.store = before
		writeErrors(w, http.StatusInternalServerError, pcce.ErrorItem{Type: "internal", Message: err.Error()})
		return false
	}
	return true
}
