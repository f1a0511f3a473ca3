package pwsh

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Certificates lists LocalMachine\My. Each thumbprint is computed from the
// DER and checked against the one Windows reports.
func (o *Ops) Certificates(ctx context.Context) ([]winops.Cert, error) {
	var out list
	if err := call(ctx, o.r, opCertificates, struct{}{}, &out, ""); err != nil {
		return nil, fmt.Errorf("listing LocalMachine\\My: %w", err)
	}
	return parseCerts(out)
}

// certJSON is one certificate as the script prints it, or as
// "Get-ChildItem Cert:\LocalMachine\My | ConvertTo-Json" does (field names
// match case-insensitively; RawData is Base64 or an array of bytes).
type certJSON struct {
	Thumbprint    string
	HasPrivateKey bool
	FriendlyName  string
	RawData       rawBytes
}

func parseCerts(items list) ([]winops.Cert, error) {
	certs := make([]winops.Cert, 0, len(items))
	for i, raw := range items {
		var c certJSON
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("listing LocalMachine\\My: certificate %d: %w", i+1, err)
		}
		if len(c.RawData) == 0 {
			return nil, fmt.Errorf("listing LocalMachine\\My: certificate %s: no RawData", c.Thumbprint)
		}
		tp := thumbprintOf(c.RawData)
		if c.Thumbprint != "" && !strings.EqualFold(c.Thumbprint, tp) {
			return nil, fmt.Errorf("listing LocalMachine\\My: certificate %s: its DER hashes to %s", c.Thumbprint, tp)
		}
		certs = append(certs, winops.Cert{Thumbprint: tp, DER: c.RawData, HasPrivateKey: c.HasPrivateKey, FriendlyName: c.FriendlyName})
	}
	return certs, nil
}

// ImportPFX imports a PFX into LocalMachine\My (Import-PfxCertificate
// -Exportable), sets the friendly name of its leaf (the one certificate
// with a private key) and returns the leaf's thumbprint.
func (o *Ops) ImportPFX(ctx context.Context, pfx []byte, password, friendlyName string) (string, error) {
	if len(pfx) == 0 {
		return "", errors.New("importing PFX: empty PFX")
	}
	in := struct {
		PFX          string `json:"pfx"`
		Password     string `json:"password"`
		FriendlyName string `json:"friendlyName"`
	}{base64.StdEncoding.EncodeToString(pfx), password, friendlyName}
	var out struct {
		Thumbprint string `json:"thumbprint"`
	}
	if err := call(ctx, o.r, opImportPFX, in, &out, password); err != nil {
		return "", fmt.Errorf("importing PFX %q into LocalMachine\\My: %w", friendlyName, err)
	}
	tp, err := normalizeThumbprint(out.Thumbprint)
	if err != nil {
		return "", fmt.Errorf("importing PFX %q into LocalMachine\\My: %w", friendlyName, err)
	}
	return tp, nil
}

// ExportPFX exports a certificate with its private key and chain
// (Export-PfxCertificate), protected by password, which must not be empty.
func (o *Ops) ExportPFX(ctx context.Context, thumbprint, password string) ([]byte, error) {
	tp, err := normalizeThumbprint(thumbprint)
	if err != nil {
		return nil, fmt.Errorf("exporting certificate: %w", err)
	}
	if password == "" {
		return nil, fmt.Errorf("exporting certificate %s: a PFX holding a private key needs a password", tp)
	}
	in := struct {
		Thumbprint string `json:"thumbprint"`
		Password   string `json:"password"`
	}{tp, password}
	var out struct {
		PFX string `json:"pfx"`
	}
	if err := call(ctx, o.r, opExportPFX, in, &out, password); err != nil {
		return nil, fmt.Errorf("exporting certificate %s: %w", tp, err)
	}
	pfx, err := base64.StdEncoding.DecodeString(out.PFX)
	if err != nil || len(pfx) == 0 {
		return nil, fmt.Errorf("exporting certificate %s: the script returned no PFX", tp)
	}
	return pfx, nil
}

// thumbprintOf returns the uppercase hex SHA-1 of a certificate's DER, as
// Windows shows it.
func thumbprintOf(der []byte) string {
	sum := sha1.Sum(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

var thumbprintRE = regexp.MustCompile(`^[0-9A-Fa-f]{40}$`)

// normalizeThumbprint checks a thumbprint (40 hex digits, spaces allowed
// as certmgr shows them) and returns it in upper case.
func normalizeThumbprint(s string) (string, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if !thumbprintRE.MatchString(t) {
		return "", fmt.Errorf("thumbprint %q: want 40 hex digits", s)
	}
	return strings.ToUpper(t), nil
}

// rawBytes decodes bytes written as Base64 (the scripts) or as an array of
// numbers (ConvertTo-Json of a byte[]).
type rawBytes []byte

// UnmarshalJSON accepts a Base64 string, an array of 0-255, or null.
func (r *rawBytes) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*r = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		d, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return fmt.Errorf("RawData: %w", err)
		}
		*r = d
		return nil
	}
	var nums []int
	if err := json.Unmarshal(b, &nums); err != nil {
		return fmt.Errorf("RawData: want Base64 or an array of bytes: %w", err)
	}
	d := make([]byte, len(nums))
	for i, n := range nums {
		if n < 0 || n > 255 {
			return fmt.Errorf("RawData: byte %d is %d", i, n)
		}
		d[i] = byte(n)
	}
	*r = d
	return nil
}
