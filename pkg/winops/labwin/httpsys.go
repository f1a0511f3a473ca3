package labwin

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

func sslCertPath(root string) string { return labDir(root, "httpsys", "sslcert.json") }

// sslEntry is one binding as sslcert.json stores it.
type sslEntry struct {
	Endpoint      string `json:"endpoint"`
	CertHash      string `json:"certHash"`
	AppID         string `json:"appId"`
	CertStoreName string `json:"certStoreName"`
}

// SSLBindings lists the http.sys SSL bindings sorted by endpoint; no table
// is no binding.
func (o *Ops) SSLBindings(ctx context.Context) ([]winops.SSLBinding, error) {
	unlock, err := o.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return readSSL(o.root)
}

// SetSSLBinding adds or replaces the binding of b.Endpoint. As netsh does,
// it refuses a certificate that is not in My (an error wrapping
// winops.ErrCertNotFound) or that has no private key. The hash is stored
// in upper case, the application id in lower case.
func (o *Ops) SetSSLBinding(ctx context.Context, b winops.SSLBinding) error {
	unlock, err := o.begin(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	b, err = normSSL(b)
	if err != nil {
		return err
	}
	if !strings.EqualFold(b.CertStoreName, winops.StoreMy) {
		return fmt.Errorf("http.sys binding %s: certificate store %q: the lab keeps LocalMachine\\My only", b.Endpoint, b.CertStoreName)
	}
	c, _, err := readCert(o.root, b.CertHash)
	if err != nil {
		return fmt.Errorf("http.sys binding %s: %w", b.Endpoint, err)
	}
	if !c.HasPrivateKey {
		return fmt.Errorf("http.sys binding %s: certificate %s has no private key", b.Endpoint, b.CertHash)
	}
	return setSSL(o.root, b)
}

// SeedSSLBinding adds or replaces an http.sys binding below root without
// the checks of SetSSLBinding (its certificate need not be there), for
// `lab init` and tests.
func SeedSSLBinding(root string, b winops.SSLBinding) error {
	b, err := normSSL(b)
	if err != nil {
		return fmt.Errorf("seeding %w", err)
	}
	return setSSL(root, b)
}

// normSSL checks a binding's fields and normalises their case.
func normSSL(b winops.SSLBinding) (winops.SSLBinding, error) {
	host, port, ok := cutLast(b.Endpoint, ":")
	if n, err := strconv.Atoi(port); !ok || host == "" || err != nil || n < 1 || n > 65535 {
		return b, fmt.Errorf("http.sys binding %q: want an endpoint IP:port or hostname:port", b.Endpoint)
	}
	if _, err := hex.DecodeString(b.CertHash); err != nil || len(b.CertHash) != 40 {
		return b, fmt.Errorf("http.sys binding %s: certificate hash %q is not 40 hex digits", b.Endpoint, b.CertHash)
	}
	if len(b.AppID) != 38 || b.AppID[0] != '{' || b.AppID[37] != '}' {
		return b, fmt.Errorf("http.sys binding %s: application id %q: want {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}", b.Endpoint, b.AppID)
	}
	if b.CertStoreName == "" {
		return b, fmt.Errorf("http.sys binding %s: empty certificate store name", b.Endpoint)
	}
	b.CertHash = strings.ToUpper(b.CertHash)
	b.AppID = strings.ToLower(b.AppID)
	return b, nil
}

func readSSL(root string) ([]winops.SSLBinding, error) {
	data, err := os.ReadFile(sslCertPath(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("http.sys bindings: %w", err)
	}
	var es []sslEntry
	if err := json.Unmarshal(data, &es); err != nil {
		return nil, fmt.Errorf("http.sys bindings: %s: %w", sslCertPath(root), err)
	}
	out := make([]winops.SSLBinding, len(es))
	for i, e := range es {
		out[i] = winops.SSLBinding(e)
	}
	slices.SortFunc(out, func(a, b winops.SSLBinding) int { return strings.Compare(a.Endpoint, b.Endpoint) })
	return out, nil
}

// setSSL adds or replaces b in the table, kept sorted by endpoint, and
// replaces the file atomically.
func setSSL(root string, b winops.SSLBinding) error {
	cur, err := readSSL(root)
	if err != nil {
		return err
	}
	if i := slices.IndexFunc(cur, func(c winops.SSLBinding) bool { return strings.EqualFold(c.Endpoint, b.Endpoint) }); i >= 0 {
		cur[i] = b
	} else {
		cur = append(cur, b)
	}
	slices.SortFunc(cur, func(a, b winops.SSLBinding) int { return strings.Compare(a.Endpoint, b.Endpoint) })
	es := make([]sslEntry, len(cur))
	for i, c := range cur {
		es[i] = sslEntry(c)
	}
	data, err := json.MarshalIndent(es, "", "  ")
	if err != nil {
		return fmt.Errorf("http.sys binding %s: %w", b.Endpoint, err)
	}
	if err := writeFile(sslCertPath(root), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("http.sys binding %s: %w", b.Endpoint, err)
	}
	return nil
}
