package pccesim

import (
	"fmt"
	"net/http"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// machineStatus answers /machineinventory/status: an alert for every ECE
// web server PCCE cannot sign in to, and every ECE machine whose host
// name does not resolve.
func (s *Server) machineStatus(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeXML(w, http.StatusOK, s.status())
}

func (s *Server) status() pcce.MachineStatus {
	st := pcce.MachineStatus{ScanInfo: pcce.ScanInfo{
		LastScanDateTime: s.opts.Clock().UnixMilli(),
		ScanState:        "Idle",
	}}
	for _, m := range s.store.Machines {
		am := pcce.AlertMachine{RefURL: machineRef(m.ID), Name: m.Name, Type: m.Type}
		if (isECEWeb(m.Type) || m.Type == pcce.TypeECE) && !s.resolves(m.HostName) {
			st.Alerts = append(st.Alerts, pcce.Alert{Machine: am, Errors: []pcce.ErrorItem{{
				Type: pcce.AlertHostNotResolvable, Data: m.HostName,
				Message: fmt.Sprintf("the host name %s of %s does not resolve", m.HostName, m.Name),
			}}})
		}
		if isECEWeb(m.Type) && !m.CredentialsValid {
			user := ""
			if rm := s.store.renderMachine(m); rm.UserName() != "" {
				user = rm.UserName()
			}
			st.Alerts = append(st.Alerts, pcce.Alert{Machine: am, Errors: []pcce.ErrorItem{{
				Type: pcce.AlertInvalidCredentials, Data: m.Name,
				Message: fmt.Sprintf("cannot sign in to ECE at %s as %q: the Partition Administrator login was refused", m.HostName, user),
			}}})
		}
	}
	return st
}
