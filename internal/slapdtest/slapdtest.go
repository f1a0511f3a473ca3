package slapdtest

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The seeded directory.
const (
	// BaseDN is the database's suffix.
	BaseDN = "dc=example,dc=com"
	// SearchDN and SearchUPN name the search account (ECE's "DN for LDAP
	// search").
	SearchDN  = "cn=svc-ece,ou=Service,dc=example,dc=com"
	SearchUPN = "svc-ece@example.com"
	// TestUserDN and TestUserUPN name the user a verification looks up.
	TestUserDN  = "cn=pcceadmin,ou=Users,dc=example,dc=com"
	TestUserUPN = "pcceadmin@example.com"
)

// Limits of the slapd process's life.
const (
	readyLimit = 15 * time.Second // from start to accepting connections
	stopLimit  = 10 * time.Second // from SIGTERM to exit, then SIGKILL
	startTries = 3                // attempts when a free port was taken meanwhile
)

// Server is a running slapd. Its fields describe the seeded directory.
type Server struct {
	// BaseDN is the suffix, dc=example,dc=com.
	BaseDN string
	// BindDN and Password are the search account's.
	BindDN   string
	Password string
	// TestUser is the test user's userPrincipalName; TestUserDN its DN.
	TestUser   string
	TestUserDN string

	url     string
	ldapURL string
	ca      *x509.Certificate
}

// URL is the LDAPS URL: ldaps://127.0.0.1:PORT.
func (s *Server) URL() string { return s.url }

// LDAPURL is the cleartext URL, for StartTLS: ldap://127.0.0.1:PORT.
func (s *Server) LDAPURL() string { return s.ldapURL }

// CA is the certificate that issued the server's: what a keystore must
// trust.
func (s *Server) CA() *x509.Certificate { return s.ca }

// Start runs slapd for the test and stops it on t.Cleanup. It skips the
// test when slapd is not installed and CI is unset, and fails it when CI is
// set.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := findSlapd()
	if skip, msg := decide(bin, os.Getenv("CI")); msg != "" {
		if skip {
			t.Skip(msg)
		}
		t.Fatal(msg)
	}
	dir := t.TempDir()
	if confined() {
		copied, err := copyBinary(bin, dir)
		if err != nil {
			t.Fatalf("slapdtest: copying slapd out of its AppArmor profile: %v", err)
		}
		bin = copied
	}
	password, err := randomPassword()
	if err != nil {
		t.Fatalf("slapdtest: %v", err)
	}
	ca, err := writeFiles(dir, password, time.Now())
	if err != nil {
		t.Fatalf("slapdtest: %v", err)
	}
	if out, err := exec.Command(bin, "-T", "add", "-f", filepath.Join(dir, "slapd.conf"), "-l", filepath.Join(dir, "seed.ldif")).CombinedOutput(); err != nil {
		t.Fatalf("slapdtest: slapadd: %v\n%s", err, out)
	}
	for try := 1; ; try++ {
		ldaps, ldap, err := freePorts()
		if err != nil {
			t.Fatalf("slapdtest: %v", err)
		}
		p, err := run(bin, dir, ldaps, ldap)
		if err == nil {
			t.Cleanup(p.stop)
			return &Server{
				BaseDN: BaseDN, BindDN: SearchDN, Password: password,
				TestUser: TestUserUPN, TestUserDN: TestUserDN,
				url:     "ldaps://127.0.0.1:" + strconv.Itoa(ldaps),
				ldapURL: "ldap://127.0.0.1:" + strconv.Itoa(ldap),
				ca:      ca,
			}
		}
		if !errors.Is(err, errPortTaken) || try == startTries {
			t.Fatalf("slapdtest: %v", err)
		}
	}
}

// decide applies the skip rule: no slapd and no CI skips, no slapd in CI
// fails. An empty message means go ahead.
func decide(bin, ci string) (skip bool, msg string) {
	switch {
	case bin != "":
		return false, ""
	case ci == "":
		return true, "slapd not installed; .ci/run installs it"
	}
	return false, "slapd not installed, and CI is set: install the Debian package slapd"
}

// findSlapd returns the slapd binary, or "".
func findSlapd() string {
	const debian = "/usr/sbin/slapd"
	if fi, err := os.Stat(debian); err == nil && !fi.IsDir() {
		return debian
	}
	if p, err := exec.LookPath("slapd"); err == nil {
		return p
	}
	return ""
}

// confined reports whether AppArmor would confine /usr/sbin/slapd.
func confined() bool {
	b, err := os.ReadFile("/sys/module/apparmor/parameters/enabled")
	if err != nil || strings.TrimSpace(string(b)) != "Y" {
		return false
	}
	if _, err := os.Stat("/etc/apparmor.d/disable/usr.sbin.slapd"); err == nil {
		return false
	}
	_, err = os.Stat("/etc/apparmor.d/usr.sbin.slapd")
	return err == nil
}

// copyBinary copies bin into dir and returns the copy's path.
func copyBinary(bin, dir string) (string, error) {
	b, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	dst := filepath.Join(dir, "slapd")
	return dst, os.WriteFile(dst, b, 0o755)
}

// randomPassword is a fresh password for the seeded accounts.
func randomPassword() (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	return "Pw-" + base64.RawURLEncoding.EncodeToString(b), nil
}

// freePorts returns two loopback ports free a moment ago.
func freePorts() (int, int, error) {
	var ports [2]int
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			_ = ln.Close()
		}
	}()
	for i := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, 0, fmt.Errorf("finding a free port: %w", err)
		}
		lns = append(lns, ln)
		ports[i] = ln.Addr().(*net.TCPAddr).Port
	}
	return ports[0], ports[1], nil
}

// errPortTaken is a start that failed because a port was taken.
var errPortTaken = errors.New("port taken")

// process is a running slapd.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{}
	err    error // of Wait, once exited is closed
}

// run starts slapd in the foreground and waits until the cleartext port
// accepts connections (slapd binds every listener before serving).
func run(bin, dir string, ldaps, ldap int) (*process, error) {
	urls := fmt.Sprintf("ldaps://127.0.0.1:%d/ ldap://127.0.0.1:%d/", ldaps, ldap)
	cmd := exec.Command(bin, "-f", filepath.Join(dir, "slapd.conf"), "-h", urls, "-d", "none")
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting slapd: %w", err)
	}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ldap))
	deadline := time.Now().Add(readyLimit)
	for {
		select {
		case <-p.exited:
			text := out.String()
			if strings.Contains(text, "Address already in use") {
				return nil, fmt.Errorf("slapd: %w: %s", errPortTaken, text)
			}
			return nil, fmt.Errorf("slapd exited (%v):\n%s", p.err, text)
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			_ = c.Close()
			return p, nil
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("slapd did not listen on %s within %s:\n%s", addr, readyLimit, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends slapd: SIGTERM, then SIGKILL after stopLimit.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(stopLimit):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// syncBuffer is a bytes.Buffer safe for the process's writes and our reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
