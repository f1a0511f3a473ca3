package pwsh

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Key sizes NewRequest accepts, in bits.
const (
	minKeySize = 2048
	maxKeySize = 16384
)

// requestJSON is a pending request as new_request and pending_requests
// print it: the REQUEST store entry's thumbprint, the CSR as certreq wrote
// it, and the entry's placeholder certificate (same public key).
type requestJSON struct {
	ID      string   `json:"id"`
	CSR     string   `json:"csr"`
	RawData rawBytes `json:"rawData"`
}

// NewRequest has certreq create a key pair in the machine key set
// (exportable, RSA) and a PKCS#10 request for the subject CN[, O] with
// every DNS name (the common name among them, when it is a host name) in
// the subject alternative name, key usage digital signature and key
// encipherment, extended key usage server authentication.
func (o *Ops) NewRequest(ctx context.Context, req winops.CertRequest) (winops.PendingRequest, error) {
	subject, names, err := checkCertRequest(req)
	if err != nil {
		return winops.PendingRequest{}, fmt.Errorf("creating a certificate request: %w", err)
	}
	in := struct {
		Subject      string   `json:"subject"`
		DNSNames     []string `json:"dnsNames"`
		KeyLength    int      `json:"keyLength"`
		FriendlyName string   `json:"friendlyName"`
	}{subject, names, req.KeySize, req.FriendlyName}
	var out requestJSON
	if err := call(ctx, o.r, opNewRequest, in, &out, ""); err != nil {
		return winops.PendingRequest{}, fmt.Errorf("creating a certificate request for %s: %w", req.CommonName, err)
	}
	pr, csr, err := parseRequest(out)
	if err != nil {
		return winops.PendingRequest{}, fmt.Errorf("creating a certificate request for %s: %w", req.CommonName, err)
	}
	if csr.Subject.CommonName != req.CommonName || !sameNames(csr.DNSNames, names) {
		return winops.PendingRequest{}, fmt.Errorf("creating a certificate request for %s: certreq made a request for CN=%s, DNS %v", req.CommonName, csr.Subject.CommonName, csr.DNSNames)
	}
	return pr, nil
}

// PendingRequests lists the requests NewRequest made that wait for their
// certificate (LocalMachine\REQUEST entries with a CSR copy under
// %ProgramData%\ecereconcile\requests).
func (o *Ops) PendingRequests(ctx context.Context) ([]winops.PendingRequest, error) {
	var out list
	if err := call(ctx, o.r, opPendingRequests, struct{}{}, &out, ""); err != nil {
		return nil, fmt.Errorf("listing pending certificate requests: %w", err)
	}
	prs := make([]winops.PendingRequest, 0, len(out))
	for i, raw := range out {
		var r requestJSON
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("listing pending certificate requests: request %d: %w", i+1, err)
		}
		pr, _, err := parseRequest(r)
		if err != nil {
			return nil, fmt.Errorf("listing pending certificate requests: %w", err)
		}
		prs = append(prs, pr)
	}
	return prs, nil
}

// CompleteRequest installs a CA-signed certificate (DER) with certreq
// -accept, which joins it with the pending private key, and returns its
// thumbprint.
func (o *Ops) CompleteRequest(ctx context.Context, certDER []byte) (string, error) {
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		return "", fmt.Errorf("completing a certificate request: not a DER certificate: %w", err)
	}
	tp := thumbprintOf(certDER)
	in := struct {
		Cert       string `json:"cert"`
		Thumbprint string `json:"thumbprint"`
	}{base64.StdEncoding.EncodeToString(certDER), tp}
	var out struct {
		Thumbprint string `json:"thumbprint"`
	}
	if err := call(ctx, o.r, opCompleteRequest, in, &out, ""); err != nil {
		return "", fmt.Errorf("completing the certificate request of %s (%s): %w", cert.Subject.CommonName, tp, err)
	}
	if !strings.EqualFold(out.Thumbprint, tp) {
		return "", fmt.Errorf("completing the certificate request of %s: installed %q, want %s", cert.Subject.CommonName, out.Thumbprint, tp)
	}
	return tp, nil
}

// parseRequest checks a pending request: a CSR whose signature verifies,
// and a REQUEST store entry with the same public key.
func parseRequest(r requestJSON) (winops.PendingRequest, *x509.CertificateRequest, error) {
	id, err := normalizeThumbprint(r.ID)
	if err != nil {
		return winops.PendingRequest{}, nil, fmt.Errorf("request id: %w", err)
	}
	block, _ := pem.Decode([]byte(r.CSR))
	if block == nil || (block.Type != "NEW CERTIFICATE REQUEST" && block.Type != "CERTIFICATE REQUEST") {
		return winops.PendingRequest{}, nil, fmt.Errorf("request %s: no PEM certificate request", id)
	}
	csr, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return winops.PendingRequest{}, nil, fmt.Errorf("request %s: %w", id, err)
	}
	if err := csr.CheckSignature(); err != nil {
		return winops.PendingRequest{}, nil, fmt.Errorf("request %s: %w", id, err)
	}
	if len(r.RawData) > 0 {
		placeholder, err := x509.ParseCertificate(r.RawData)
		if err != nil {
			return winops.PendingRequest{}, nil, fmt.Errorf("request %s: store entry: %w", id, err)
		}
		if !bytes.Equal(placeholder.RawSubjectPublicKeyInfo, csr.RawSubjectPublicKeyInfo) {
			return winops.PendingRequest{}, nil, fmt.Errorf("request %s: the CSR's public key is not the store entry's", id)
		}
	}
	return winops.PendingRequest{
		ID:              id,
		CSR:             pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr.Raw}),
		PublicKeySHA256: publicKeySHA256(csr.RawSubjectPublicKeyInfo),
	}, csr, nil
}

// publicKeySHA256 is the lowercase hex SHA-256 of a DER
// SubjectPublicKeyInfo, the key that ties a signed certificate
// (x509.Certificate.RawSubjectPublicKeyInfo) to its request.
func publicKeySHA256(spki []byte) string {
	sum := sha256.Sum256(spki)
	return hex.EncodeToString(sum[:])
}

var (
	// dnsNameRE is a host name, optionally a wildcard one ("*.example.com").
	dnsNameRE = regexp.MustCompile(`^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)
	// commonNameRE and organizationRE keep clear of what the INF syntax
	// ("quotes", %substitutions%) and an X.500 name string (, + = ; < > #)
	// give meaning to.
	commonNameRE   = regexp.MustCompile(`^[A-Za-z0-9*][A-Za-z0-9 ._*-]{0,63}$`)
	organizationRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._&()'/-]{0,63}$`)
	friendlyNameRE = regexp.MustCompile(`^[A-Za-z0-9 ._&()'/:@-]{0,128}$`)
)

// checkCertRequest validates a request and returns its subject and its
// DNS names (the common name first when it is a host name, no duplicates).
func checkCertRequest(req winops.CertRequest) (string, []string, error) {
	if !commonNameRE.MatchString(req.CommonName) {
		return "", nil, fmt.Errorf("common name %q: want letters, digits, '.', '-', '_', '*' or spaces, at most 64", req.CommonName)
	}
	if req.Organization != "" && !organizationRE.MatchString(req.Organization) {
		return "", nil, fmt.Errorf("organization %q: want letters, digits, spaces and . _ & ( ) ' / -, at most 64", req.Organization)
	}
	if !friendlyNameRE.MatchString(req.FriendlyName) {
		return "", nil, fmt.Errorf("friendly name %q: want plain ASCII without quotes or %%, at most 128", req.FriendlyName)
	}
	if req.KeySize < minKeySize || req.KeySize > maxKeySize || req.KeySize%8 != 0 {
		return "", nil, fmt.Errorf("key size %d: want a multiple of 8 from %d to %d bits", req.KeySize, minKeySize, maxKeySize)
	}
	var names []string
	add := func(n string) {
		if !slices.ContainsFunc(names, func(m string) bool { return strings.EqualFold(m, n) }) {
			names = append(names, n)
		}
	}
	if dnsNameRE.MatchString(req.CommonName) && len(req.CommonName) <= 253 {
		add(req.CommonName)
	}
	for _, n := range req.DNSNames {
		if !dnsNameRE.MatchString(n) || len(n) > 253 {
			return "", nil, fmt.Errorf("DNS name %q: not a host name", n)
		}
		add(n)
	}
	if len(names) == 0 {
		return "", nil, errors.New("no DNS name: the certificate must name the host users and SPOG reach")
	}
	subject := "CN=" + req.CommonName
	if req.Organization != "" {
		subject += ", O=" + req.Organization
	}
	return subject, names, nil
}

// sameNames reports whether two lists hold the same DNS names, ignoring
// case and order.
func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, n := range a {
		if !slices.ContainsFunc(b, func(m string) bool { return strings.EqualFold(m, n) }) {
			return false
		}
	}
	return true
}
