package pwsh

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

const winrmPassword = "WinRM-Pw-3c9e!"

func TestParseWinRMAuth(t *testing.T) {
	tests := map[string]struct {
		in      string
		want    WinRMAuth
		wantErr bool
	}{
		"default": {in: "", want: AuthNTLM},
		"ntlm":    {in: "NTLM", want: AuthNTLM},
		"basic":   {in: "basic", want: AuthBasic},
		"other":   {in: "kerberos", wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseWinRMAuth(tc.in)
			if (err != nil) != tc.wantErr || (!tc.wantErr && got != tc.want) {
				t.Errorf("= %v, %v", got, err)
			}
		})
	}
	if AuthNTLM.String() != "ntlm" || AuthBasic.String() != "basic" {
		t.Errorf("String() = %q, %q", AuthNTLM, AuthBasic)
	}
}

func TestNewWinRMRunnerRefuses(t *testing.T) {
	tests := map[string]struct {
		cfg     WinRMConfig
		wantErr string
	}{
		"http":               {cfg: WinRMConfig{Endpoint: "http://ece-web-a.example.com:5985/wsman", User: "x"}, wantErr: "http is refused"},
		"credentials in url": {cfg: WinRMConfig{Endpoint: "https://admin:" + winrmPassword + "@ece-web-a:5986/wsman", User: "x"}, wantErr: "credentials do not belong in the URL"},
		"other path":         {cfg: WinRMConfig{Endpoint: "https://ece-web-a:5986/api", User: "x"}, wantErr: "path must be /wsman"},
		"no host":            {cfg: WinRMConfig{Endpoint: "https:///wsman", User: "x"}, wantErr: "no host"},
		"bad port":           {cfg: WinRMConfig{Endpoint: "https://ece-web-a:0/wsman", User: "x"}, wantErr: "bad port"},
		"no scheme":          {cfg: WinRMConfig{Endpoint: "ece-web-a:5986", User: "x"}, wantErr: "want https://"},
		"no user":            {cfg: WinRMConfig{Endpoint: "https://ece-web-a/wsman"}, wantErr: "no user"},
		"bad ca bundle":      {cfg: WinRMConfig{Endpoint: "https://ece-web-a/wsman", User: "x", CABundle: []byte("not pem")}, wantErr: "no PEM certificate"},
		"unknown auth":       {cfg: WinRMConfig{Endpoint: "https://ece-web-a/wsman", User: "x", Auth: WinRMAuth(7)}, wantErr: "unknown auth"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := NewWinRMRunner(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), winrmPassword) {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
	r, err := NewWinRMRunner(WinRMConfig{Endpoint: "https://[fd00::5]/wsman", User: `EXAMPLE\svc-ece`, Password: winrmPassword})
	if err != nil || r.endpoint != "https://[fd00::5]:5986/wsman" || r.timeout != DefaultWinRMTimeout {
		t.Errorf("IPv6 endpoint, default port = %+v, %v", r, err)
	}
}

// TestWinRMWrongCA: a server whose certificate the CA bundle does not
// verify gets no request at all, and the error says why.
func TestWinRMWrongCA(t *testing.T) {
	var requests int
	var mu sync.Mutex
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		http.Error(w, "no", http.StatusTeapot)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()

	for _, auth := range []WinRMAuth{AuthNTLM, AuthBasic} {
		t.Run(auth.String(), func(t *testing.T) {
			r, err := NewWinRMRunner(WinRMConfig{Endpoint: srv.URL + "/wsman", User: "svc-ece", Password: winrmPassword, Auth: auth, CABundle: otherCA(t)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.Run(context.Background(), script(opCertificates), []byte("{}"))
			if err == nil {
				t.Fatal("Run succeeded against a server the CA bundle does not verify")
			}
			if !strings.Contains(err.Error(), "certificate") || !strings.Contains(err.Error(), "x509") {
				t.Errorf("error %q does not name the TLS failure", err)
			}
			if strings.Contains(err.Error(), winrmPassword) || strings.Contains(err.Error(), "svc-ece") {
				t.Errorf("error shows credentials: %v", err)
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if requests != 0 {
		t.Errorf("%d requests reached the server", requests)
	}
}

// otherCA is a PEM CA certificate that signed nothing the test server has.
func otherCA(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Not Your CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// TestWinRMRunsTheLauncher drives a WinRM server that speaks enough WS-Man
// for one command: the command line must be the fixed launcher, standard
// input (pipe mode) the script and the payload, and the script's recorded
// output must come back parsed.
func TestWinRMRunsTheLauncher(t *testing.T) {
	ws := &fakeWSMan{t: t, replies: map[string]reply{
		opSite:     ok(t, "site.out"),
		opReadFile: failed(t, "error-file-not-found.out"),
	}}
	srv := httptest.NewTLSServer(ws)
	defer srv.Close()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	// The timeout only keeps a broken exchange from hanging the test.
	r, err := NewWinRMRunner(WinRMConfig{Endpoint: srv.URL + "/wsman", User: "svc-ece", Password: winrmPassword, Auth: AuthBasic, CABundle: ca, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	h := NewHost("ece-web-a", r)
	ctx := context.Background()

	site, err := h.Windows().Site(ctx, winops.DefaultSite)
	if err != nil {
		t.Fatalf("Site over WinRM: %v", err)
	}
	if site.Name != winops.DefaultSite || len(site.Bindings) != 4 {
		t.Errorf("site = %+v", site)
	}
	if _, err := h.ReadFile(ctx, spogPath); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file over WinRM = %v, want fs.ErrNotExist", err)
	}
	// A payload larger than one WS-Man envelope goes in several messages.
	big := bytes.Repeat([]byte("0123456789abcdef"), 32<<10)
	if err := h.WriteFile(ctx, `C:\ece\pcceig.jks`, big, 0o644); err != nil {
		t.Errorf("WriteFile of %d bytes over WinRM: %v", len(big), err)
	}

	ws.mu.Lock()
	defer ws.mu.Unlock()
	if len(ws.commands) != 3 {
		t.Fatalf("%d commands, want 3", len(ws.commands))
	}
	if ws.maxBody > 153600 {
		t.Errorf("a request of %d bytes, more than the 153600-byte envelope", ws.maxBody)
	}
	for _, c := range ws.commands {
		if c.line != launcherCommand {
			t.Errorf("command line %.80q... is not the launcher", c.line)
		}
		if !c.pipeMode {
			t.Error("standard input was not in pipe mode (WINRS_CONSOLEMODE_STDIN=FALSE)")
		}
		if strings.Contains(c.line, winops.DefaultSite) || strings.Contains(c.line, "spog_config") {
			t.Error("a parameter is on the command line")
		}
	}
	if !strings.Contains(ws.commands[0].payload, `"name":"Default Web Site"`) {
		t.Errorf("payload = %q", ws.commands[0].payload)
	}
	if !ws.authOK {
		t.Error("requests did not carry the Basic credentials")
	}
}

func TestWinRMAuthRefused(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", "Basic")
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	r, err := NewWinRMRunner(WinRMConfig{Endpoint: srv.URL, User: "svc-ece", Password: winrmPassword, Auth: AuthBasic, CABundle: ca})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Run(context.Background(), script(opCertificates), []byte("{}"))
	if err == nil || !strings.Contains(err.Error(), "HTTP 401") || strings.Contains(err.Error(), winrmPassword) {
		t.Errorf("Run = %v, want an authentication error without the password", err)
	}
}

// fakeWSMan is a WinRM listener for one shell at a time.
type fakeWSMan struct {
	t       *testing.T
	replies map[string]reply // by operation

	mu       sync.Mutex
	commands []*wsCommand
	authOK   bool
	maxBody  int // the largest request body
}

type wsCommand struct {
	line     string
	pipeMode bool
	stdin    []byte
	done     chan struct{} // closed at the end of standard input
	payload  string
}

var (
	wsAction      = regexp.MustCompile(`<a:Action[^>]*>([^<]*)</a:Action>`)
	wsCommandLine = regexp.MustCompile(`<rsp:Command><!\[CDATA\[(.*?)\]\]></rsp:Command>`)
	wsStream      = regexp.MustCompile(`<rsp:Stream([^>]*?)(?:/>|>([^<]*)</rsp:Stream>)`)
)

const (
	wsEnvelope = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><s:Header><a:Action>%s</a:Action></s:Header><s:Body>%s</s:Body></s:Envelope>`
	wsShell    = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/"
)

func (f *fakeWSMan) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	user, pass, _ := r.BasicAuth()
	m := wsAction.FindSubmatch(body)
	if m == nil {
		http.Error(w, "no action", http.StatusBadRequest)
		return
	}
	action := string(m[1])
	respond := func(action, content string) {
		w.Header().Set("Content-Type", "application/soap+xml;charset=UTF-8")
		fmt.Fprintf(w, wsEnvelope, action, content)
	}
	f.mu.Lock()
	f.authOK = user == "svc-ece" && pass == winrmPassword
	f.maxBody = max(f.maxBody, len(body))
	var cur *wsCommand
	if n := len(f.commands); n > 0 {
		cur = f.commands[n-1]
	}
	f.mu.Unlock()

	switch action {
	case "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create":
		respond("http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse",
			`<x:ResourceCreated><a:ReferenceParameters><w:SelectorSet><w:Selector Name="ShellId">SHELL-1</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>`)
	case wsShell + "Command":
		c := wsCommandLine.FindSubmatch(body)
		cmd := &wsCommand{done: make(chan struct{}), pipeMode: strings.Contains(string(body), consoleModeOff)}
		if c != nil {
			cmd.line = string(c[1])
		}
		f.mu.Lock()
		f.commands = append(f.commands, cmd)
		f.mu.Unlock()
		respond(wsShell+"CommandResponse", `<rsp:CommandResponse><rsp:CommandId>CMD-1</rsp:CommandId></rsp:CommandResponse>`)
	case wsShell + "Send":
		s := wsStream.FindSubmatch(body)
		if s == nil || cur == nil {
			http.Error(w, "bad send", http.StatusBadRequest)
			return
		}
		data, _ := base64.StdEncoding.DecodeString(string(s[2]))
		f.mu.Lock()
		cur.stdin = append(cur.stdin, data...)
		if strings.Contains(string(s[1]), `End="true"`) {
			close(cur.done)
		}
		f.mu.Unlock()
		respond(wsShell+"SendResponse", `<rsp:SendResponse/>`)
	case wsShell + "Receive":
		if cur == nil {
			http.Error(w, "no command", http.StatusBadRequest)
			return
		}
		select {
		case <-cur.done:
		case <-r.Context().Done():
			return
		}
		out := f.execute(cur)
		respond(wsShell+"ReceiveResponse", fmt.Sprintf(`<rsp:ReceiveResponse><rsp:Stream Name="stdout" CommandId="CMD-1">%s</rsp:Stream><rsp:Stream Name="stderr" CommandId="CMD-1">%s</rsp:Stream><rsp:CommandState CommandId="CMD-1" State="%sCommandState/Done"><rsp:ExitCode>%d</rsp:ExitCode></rsp:CommandState></rsp:ReceiveResponse>`,
			base64.StdEncoding.EncodeToString([]byte(out.stdout)), base64.StdEncoding.EncodeToString([]byte(out.stderr)), wsShell, out.exitCode))
	case wsShell + "Signal":
		respond(wsShell+"SignalResponse", `<rsp:SignalResponse/>`)
	case "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete":
		respond("http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse", ``)
	default:
		http.Error(w, "unknown action "+action, http.StatusBadRequest)
	}
}

// execute plays the launcher: the first line of standard input is the
// script, the rest its payload.
func (f *fakeWSMan) execute(c *wsCommand) reply {
	f.mu.Lock()
	defer f.mu.Unlock()
	first, rest, found := strings.Cut(string(c.stdin), "\n")
	scriptText, err := base64.StdEncoding.DecodeString(first)
	if !found || err != nil {
		return reply{stderr: "launcher: no script on standard input", exitCode: 1}
	}
	c.payload = rest
	if op := opOf(string(scriptText)); op == opWriteFile {
		var p struct{ Data string }
		if err := json.Unmarshal([]byte(rest), &p); err != nil {
			return reply{stdout: `{"error":"bad payload","code":""}`, exitCode: 1}
		}
		data, _ := base64.StdEncoding.DecodeString(p.Data)
		return reply{stdout: fmt.Sprintf(`{"size":%d}`, len(data))}
	}
	r, ok := f.replies[opOf(string(scriptText))]
	if !ok {
		return reply{stdout: `{"error":"no reply","code":""}`, exitCode: 1}
	}
	return r
}
