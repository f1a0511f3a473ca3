package lab

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"github.com/ecereconcile/ecereconcile/pkg/lab/addir"
	"github.com/ecereconcile/ecereconcile/pkg/lab/faults"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/pccesim"
)

// ReadyFile is created in the lab folder once Serve's simulators answer, and
// removed when Serve returns. It holds the Endpoints as JSON, and the
// faults in force ("faults": canonical form, "none" for none), rewritten
// each time they change.
const ReadyFile = "ready"

// FaultsFile is the lab's fault control file (syntax: package faults).
// A server applies it at start and each time its content changes while
// serving (Serve checks it every ServeOptions.FaultsPoll); a missing or
// empty file is no fault.
const FaultsFile = "faults"

// DefaultFaultsPoll is how often Serve checks FaultsFile.
const DefaultFaultsPoll = 100 * time.Millisecond

// serveMarker ends the spec lines Serve rewrites with its endpoints.
const serveMarker = "# lab serve"

// ServeLockFile is held (created exclusively, holding the pid and start
// time) while a Server runs: one lab, one server.
const ServeLockFile = ".lab/serve.lock"

// Endpoints are where the lab's simulators answer.
type Endpoints struct {
	// LDAPS is the Active Directory's Global Catalog over TLS, presenting
	// certs/ad-dc.crt (the certificate the ECE keystore trusts).
	LDAPS string `json:"ldaps"`
	// PCCE is the AW's Unified Config REST API, presenting certs/pcce-aw.crt.
	PCCE string `json:"pcce"`
}

// ServeOptions configure StartWith and ServeWith.
type ServeOptions struct {
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Faults, when set, are written into FaultsFile at start (replacing
	// it), so that the file holds the faults in force from then on.
	Faults *faults.Set
	// FaultsPoll is how often ServeWith checks FaultsFile (default
	// DefaultFaultsPoll; negative: never).
	FaultsPoll time.Duration
	// OnFaults is told, from ServeWith's goroutine, each time FaultsFile
	// changed: the faults now in force, or why the new content was refused
	// (the previous faults stay).
	OnFaults func(faults.Set, error)
}

// Server is a running lab: its simulators, on loopback ports.
type Server struct {
	Dir       string
	Endpoints Endpoints
	dir       *addir.Directory
	gate      *faults.Gate
	pcce      *pccesim.Server
	inject    *faults.Injector
	unlock    func()

	fmu        sync.Mutex // guards seenFaults and the ready file
	seenFaults *string    // FaultsFile's content last read (nil: never read)
	published  bool       // publish wrote spec.yaml: the ready file may be written
}

// readyInfo is the content of ReadyFile.
type readyInfo struct {
	Endpoints
	Faults string `json:"faults"`
}

// lockServe takes the lab's serve lock, or says who holds it.
func lockServe(abs, dir string, now func() time.Time) (unlock func(), err error) {
	path := filepath.Join(abs, filepath.FromSlash(ServeLockFile))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		held, _ := os.ReadFile(path)
		return nil, fmt.Errorf("%s is already served (%s); stop that lab serve, or remove %s if its process is gone",
			dir, strings.TrimSpace(string(held)), path)
	}
	if err != nil {
		return nil, err
	}
	_, werr := fmt.Fprintf(f, "pid %d since %s\n", os.Getpid(), now().UTC().Format(time.RFC3339))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(path)
		return nil, werr
	}
	return func() { _ = os.Remove(path) }, nil
}

// Start starts the simulators of the lab in dir (made by Init), writes
// their endpoints into dir/spec.yaml (the lines ending in "# lab serve")
// and creates dir/ready. Close stops them and removes dir/ready.
func Start(dir string, now func() time.Time) (*Server, error) {
	return StartWith(dir, ServeOptions{Now: now})
}

// StartWith is Start with faults: o.Faults written into FaultsFile, and
// FaultsFile applied before the ready file is created.
func StartWith(dir string, o ServeOptions) (*Server, error) {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	read := func(rel string) (string, error) {
		b, err := os.ReadFile(filepath.Join(abs, filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s is not a lab (no %s): run ecereconcile lab init --dir %s first", dir, rel, dir)
		}
		return strings.TrimRight(string(b), "\r\n"), err
	}
	searchPass, err := read(LDAPSearchPassFile)
	if err != nil {
		return nil, err
	}
	unlock, err := lockServe(abs, dir, now)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			unlock()
		}
	}()
	// A ready file left by a killed server would let a waiter go ahead
	// before the spec has this server's ports.
	if err := os.Remove(filepath.Join(abs, ReadyFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	certPEM, err := read(ADCertFile)
	if err != nil {
		return nil, err
	}
	keyPEM, err := read(ADKeyFile)
	if err != nil {
		return nil, err
	}
	cert, err := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM))
	if err != nil {
		return nil, fmt.Errorf("%s: the domain controller's certificate: %w", dir, err)
	}
	d, err := addir.Start(addir.Options{
		Hostname:    DCFQDN,
		Domains:     []string{Domain},
		Certificate: &cert,
		Now:         now,
		Users: []addir.User{
			{DN: ADSearchDN, SAMAccountName: "svc-ece", UPN: ADSearchUPN, Password: searchPass},
			{DN: ADTestUserDN, SAMAccountName: "agent1", UPN: ADTestUserUPN, Password: searchPass + "-agent"},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("starting the lab's Active Directory: %w", err)
	}
	s := &Server{Dir: abs, dir: d, unlock: unlock}
	ok = true
	if s.gate, err = faults.OpenGate(strings.TrimPrefix(d.GCURL(), "ldaps://")); err != nil {
		s.Close()
		return nil, fmt.Errorf("starting the lab's Active Directory: %w", err)
	}
	s.Endpoints.LDAPS = "ldaps://" + s.gate.Addr()
	src := faults.NewSource()
	if err := s.startPCCE(read, src); err != nil {
		s.Close()
		return nil, err
	}
	s.inject = faults.NewInjector(s.pcce, src, s.gate)
	if err := s.initFaults(o.Faults); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.publish(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// startPCCE starts the PCCE simulator with the lab's AW certificate and
// credentials; its inventory persists in PCCEStateFile.
func (s *Server) startPCCE(read func(string) (string, error), src *faults.Source) error {
	var v [4]string
	for i, f := range []string{PCCEAdminPassFile, PAPassFile, AWCertFile, AWKeyFile} {
		var err error
		if v[i], err = read(f); err != nil {
			return err
		}
	}
	cert, err := tls.X509KeyPair([]byte(v[2]), []byte(v[3]))
	if err != nil {
		return fmt.Errorf("%s: the AW certificate: %w", s.Dir, err)
	}
	if err := os.MkdirAll(filepath.Join(s.Dir, filepath.Dir(filepath.FromSlash(PCCEStateFile))), 0o755); err != nil {
		return err
	}
	sim, err := pccesim.New(pccesim.Options{
		Addr:                "127.0.0.1:0",
		User:                PCCEAdmin,
		Password:            v[0],
		PAPassword:          v[1],
		Domain:              Domain,
		ApplicationInstance: "MultiChannel",
		StateFile:           filepath.Join(s.Dir, filepath.FromSlash(PCCEStateFile)),
		Certificate:         &cert,
		CAPEM:               []byte(v[2] + "\n"),
		Rand:                rand.New(src),
	})
	if err == nil {
		err = sim.Start()
	}
	if err != nil {
		return fmt.Errorf("starting the lab's PCCE: %w", err)
	}
	s.pcce, s.Endpoints.PCCE = sim, sim.URL()
	return nil
}

// publish writes the endpoints into spec.yaml and creates the ready file.
func (s *Server) publish() error {
	specPath := filepath.Join(s.Dir, SpecFile)
	data, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	out, err := rewriteEndpoints(data, s.Endpoints)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	if err := atomicfile.WriteFile(specPath, out, 0o644); err != nil {
		return err
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.published = true
	return s.writeReady()
}

// writeReady writes the endpoints and the faults in force into the ready
// file; s.fmu is held.
func (s *Server) writeReady() error {
	if !s.published {
		// Not before spec.yaml holds the endpoints: whoever waits for
		// ready then edits the spec must not have the edit overwritten.
		return nil
	}
	ready, err := json.Marshal(readyInfo{Endpoints: s.Endpoints, Faults: s.inject.Current().String()})
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(s.Dir, ReadyFile), append(ready, '\n'), 0o644)
}

var serveLine = regexp.MustCompile(`(?m)^([ \t]*url:[ \t]*)(\S+)([ \t]*` + regexp.QuoteMeta(serveMarker) + `)[ \t]*(\r?)$`)

// rewriteEndpoints replaces the URL of every "# lab serve" line by the
// endpoint of its scheme; every other byte stays.
func rewriteEndpoints(spec []byte, e Endpoints) ([]byte, error) {
	var problem error
	out := serveLine.ReplaceAllFunc(spec, func(line []byte) []byte {
		m := serveLine.FindSubmatch(line)
		old := string(m[2])
		var url string
		switch {
		case strings.HasPrefix(old, "ldaps://"), strings.HasPrefix(old, "ldap://"):
			url = e.LDAPS
		case strings.HasPrefix(old, "https://"):
			url = e.PCCE
		default:
			problem = fmt.Errorf("no simulator for %s", old)
			return line
		}
		return []byte(string(m[1]) + url + string(m[3]) + string(m[4]))
	})
	return out, problem
}

// Close stops the simulators and removes the ready file.
func (s *Server) Close() {
	_ = os.Remove(filepath.Join(s.Dir, ReadyFile))
	if s.inject != nil {
		s.inject.Close()
	}
	if s.gate != nil {
		s.gate.Close()
	}
	if s.dir != nil {
		s.dir.Stop()
	}
	if s.pcce != nil {
		_ = s.pcce.Close()
	}
	if s.unlock != nil {
		s.unlock()
	}
}

// ServeWith is StartWith, then checks FaultsFile every o.FaultsPoll until
// ctx is done, then Close.
func ServeWith(ctx context.Context, dir string, o ServeOptions, started func(*Server)) error {
	s, err := StartWith(dir, o)
	if err != nil {
		return err
	}
	defer s.Close()
	if started != nil {
		started(s)
	}
	poll := o.FaultsPoll
	if poll == 0 {
		poll = DefaultFaultsPoll
	}
	if poll < 0 {
		<-ctx.Done()
		return nil
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		set, changed, err := s.ReloadFaults()
		if (changed || err != nil) && o.OnFaults != nil {
			o.OnFaults(set, err)
		}
	}
}

// initFaults writes set (when given) into FaultsFile, then applies the
// file.
func (s *Server) initFaults(set *faults.Set) error {
	path := filepath.Join(s.Dir, FaultsFile)
	if set != nil {
		text := "# the lab's faults (see ecereconcile lab serve -h); edit while serving to change them\n" + set.String() + "\n"
		if err := atomicfile.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	_, _, err := s.ReloadFaults()
	return err
}

// ReloadFaults applies FaultsFile when its content changed since it was
// last read (a missing file is an empty one: no fault). It returns the
// faults in force and whether the file changed; an invalid content is an
// error naming the file, and the previous faults stay.
func (s *Server) ReloadFaults() (set faults.Set, changed bool, err error) {
	path := filepath.Join(s.Dir, FaultsFile)
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s.inject.Current(), false, err
	}
	content := string(b)
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if s.seenFaults != nil && *s.seenFaults == content {
		return s.inject.Current(), false, nil
	}
	s.seenFaults = &content
	set, err = faults.Parse(content)
	if err == nil {
		err = s.inject.Apply(set)
	}
	if err != nil {
		return s.inject.Current(), true, fmt.Errorf("%s: %w", path, err)
	}
	return set, true, s.writeReady()
}

// SetFaults replaces the faults in force (FaultsFile is left as it is; its
// next change replaces them again) and updates the ready file.
func (s *Server) SetFaults(set faults.Set) error {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if err := s.inject.Apply(set); err != nil {
		return err
	}
	return s.writeReady()
}

// Faults are the faults in force.
func (s *Server) Faults() faults.Set { return s.inject.Current() }

// PCCEStats are the PCCE simulator's counters: requests, and the faults
// it injected.
func (s *Server) PCCEStats() pccesim.Stats { return s.pcce.Stats() }

// Hanging reports whether PCCE requests still hang (a hang=N fault not yet
// reached N).
func (s *Server) Hanging() bool { return s.inject.Hanging() }
