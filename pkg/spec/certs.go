package spec

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// ParseCertificate parses one X.509 certificate, PEM (exactly one
// CERTIFICATE block; other blocks are an error) or DER.
func ParseCertificate(data []byte) (*x509.Certificate, error) {
	rest := data
	var certs [][]byte
	var other []string
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type == "CERTIFICATE" {
			certs = append(certs, b.Bytes)
		} else {
			other = append(other, b.Type)
		}
	}
	var der []byte
	switch {
	case len(certs) == 1 && len(other) == 0:
		der = certs[0]
	case len(certs) > 1:
		return nil, fmt.Errorf("holds %d certificates; want one per file", len(certs))
	case len(other) > 0:
		return nil, fmt.Errorf("holds a PEM %s block; want a CERTIFICATE", other[0])
	default:
		der = data
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		if len(certs) == 0 {
			return nil, errors.New("is neither a PEM certificate nor a DER certificate")
		}
		return nil, fmt.Errorf("holds a PEM CERTIFICATE that does not parse: %w", err)
	}
	return c, nil
}

// refFiles reads the files a spec refers to (certificates, never secrets),
// each once, and remembers their bytes for the spec hash.
type refFiles struct {
	dir      string
	readFile func(string) ([]byte, error)
	certs    map[string]certResult // by resolved path
	read     map[string][]byte     // by stable name, for the hash
}

type certResult struct {
	cert    *x509.Certificate
	problem string
}

func newRefFiles(dir string, readFile func(string) ([]byte, error)) *refFiles {
	return &refFiles{dir: dir, readFile: readFile, certs: map[string]certResult{}, read: map[string][]byte{}}
}

// resolve returns p made absolute against the spec's folder.
func (f *refFiles) resolve(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(f.dir, p)
}

// stableName is p relative to the spec's folder with forward slashes, the
// same on every machine.
func (f *refFiles) stableName(resolved string) string {
	if rel, err := filepath.Rel(f.dir, resolved); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(resolved)
}

// cert reads and parses the certificate file written as p. problem is a
// message naming p as written, or "".
func (f *refFiles) cert(p string) (*x509.Certificate, string) {
	abs := f.resolve(p)
	if r, ok := f.certs[abs]; ok {
		return r.cert, r.problem
	}
	var r certResult
	data, problem := f.load(p, abs)
	switch {
	case problem != "":
		r.problem = problem
	default:
		c, perr := ParseCertificate(data)
		if perr != nil {
			r.problem = fmt.Sprintf("%s %v", p, perr)
		} else {
			r.cert = c
		}
	}
	f.certs[abs] = r
	return r.cert, r.problem
}

// raw reads a file the spec names that is not a certificate (a PFX) for the
// hash. problem names p as written, or is "".
func (f *refFiles) raw(p string) string {
	_, problem := f.load(p, f.resolve(p))
	return problem
}

// load reads the file written as p (resolved: abs) and remembers it for the
// hash; problem names p as written and says why it cannot be read, or is
// "". A file over MaxFileSize is refused whoever read it.
func (f *refFiles) load(p, abs string) ([]byte, string) {
	data, err := f.readFile(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Sprintf("cannot read %s: file not found", p)
	case err != nil:
		return nil, fmt.Sprintf("cannot read %s: %v", p, unwrapPath(err))
	case len(data) > MaxFileSize:
		return nil, fmt.Sprintf("cannot read %s: %v", p, &tooLargeError{size: int64(len(data)), limit: MaxFileSize})
	}
	f.read[f.stableName(abs)] = data
	return data, ""
}

// names returns the stable names of the files read, sorted.
func (f *refFiles) names() []string {
	names := make([]string, 0, len(f.read))
	for n := range f.read {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// describeCert summarises a certificate's names for messages:
// "CN=ece-web-a.lab.example.com, SANs: a, b".
func describeCert(c *x509.Certificate) string {
	s := "CN=" + c.Subject.CommonName
	if len(c.DNSNames) == 0 {
		return s + ", no DNS SANs"
	}
	return s + ", SANs: " + strings.Join(c.DNSNames, ", ")
}

// certNames reports whether name is the certificate's CN or matches one of
// its DNS SANs (wildcards as TLS does), case-insensitively.
func certNames(c *x509.Certificate, name string) bool {
	if strings.EqualFold(c.Subject.CommonName, name) {
		return true
	}
	return c.VerifyHostname(name) == nil
}
