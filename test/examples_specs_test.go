package test

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateExamples = flag.Bool("update-examples", false, "rewrite examples/lab from the output of lab init")

// exampleDir is examples/ from the test folder.
var exampleDir = filepath.Join("..", "examples")

// schemaPath is the committed JSON Schema.
var schemaPath = filepath.Join("..", "pkg", "spec", "ecereconcile.schema.json")

// exampleSpecs lists the spec files under examples/: the YAML files with
// the spec's apiVersion.
func exampleSpecs(t *testing.T) []string {
	t.Helper()
	apiVersion := regexp.MustCompile(`(?m)^apiVersion:\s*ecereconcile/v1\s*$`)
	var out []string
	err := filepath.WalkDir(exampleDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (filepath.Ext(p) != ".yaml" && filepath.Ext(p) != ".yml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil && apiVersion.Match(data) {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var modeline = regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=(\S+)$`)

// TestExamplesValidate: every spec under examples/ is valid for the real
// binary and names the committed schema in its modeline. (pkg/spec's
// TestSchemaAcceptsValidSpecs checks each against the schema itself.)
func TestExamplesValidate(t *testing.T) {
	specs := exampleSpecs(t)
	if len(specs) < 6 {
		t.Fatalf("want at least 6 specs under examples/, got %v", specs)
	}
	schema, err := filepath.Abs(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t)
	for _, s := range specs {
		t.Run(filepath.ToSlash(s), func(t *testing.T) {
			r.t = t
			r.expect(0, "validate", "-f", s)
			data, err := os.ReadFile(s)
			if err != nil {
				t.Fatal(err)
			}
			m := modeline.FindSubmatch(data)
			if m == nil || !bytes.HasPrefix(data, m[0]) {
				t.Fatalf("%s does not start with # yaml-language-server: $schema=<path of %s>", s, schemaPath)
			}
			got, err := filepath.Abs(filepath.Join(filepath.Dir(s), filepath.FromSlash(string(m[1]))))
			if err != nil || got != schema {
				t.Errorf("%s: the modeline names %s, which is not %s", s, m[1], schemaPath)
			}
		})
	}
}

// TestExamplesSchemaCommand: `ecereconcile schema` prints the committed
// schema.
func TestExamplesSchemaCommand(t *testing.T) {
	want, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t)
	res := r.expect(0, "schema")
	if res.stdout != string(want) {
		t.Errorf("ecereconcile schema differs from %s (run go generate ./pkg/spec)", schemaPath)
	}
	r.expect(1, "schema", "extra")
}

// labPreambleEnd is the first line lab init writes; what comes before it in
// examples/lab/spec.yaml is the example's own preamble.
const labPreambleEnd = "# ecereconcile lab:"

// TestExamplesLabSpec: examples/lab/spec.yaml is what `lab init --dir
// examples/lab` writes, after the example's preamble, and its certificates
// are the lab's apart from what varies (keys, serial numbers, dates).
func TestExamplesLabSpec(t *testing.T) {
	work := t.TempDir()
	cmd := exec.Command(binary, "lab", "init", "--dir", "examples/lab")
	cmd.Dir = work
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lab init: %v\n%s", err, out)
	}
	fresh := filepath.Join(work, "examples", "lab")
	got, err := os.ReadFile(filepath.Join(fresh, "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	examplePath := filepath.Join(exampleDir, "lab", "spec.yaml")
	example, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	preamble, body, found := strings.Cut(string(example), labPreambleEnd)
	if !found {
		t.Fatalf("%s has no line %q", examplePath, labPreambleEnd)
	}
	certs := []string{"ad-dc.crt", "pcce-aw.crt"}
	if *updateExamples {
		if err := os.WriteFile(examplePath, append([]byte(preamble), got...), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, c := range certs {
			data, err := os.ReadFile(filepath.Join(fresh, "certs", c))
			if err == nil {
				err = os.WriteFile(filepath.Join(exampleDir, "lab", "certs", c), data, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	if labPreambleEnd+body != string(got) {
		t.Errorf("%s differs from what lab init writes: run go test ./test -run TestExamplesLabSpec -update-examples and review the diff\n--- lab init\n%s", examplePath, got)
	}
	for _, c := range certs {
		want := certShape(t, filepath.Join(fresh, "certs", c))
		if have := certShape(t, filepath.Join(exampleDir, "lab", "certs", c)); have != want {
			t.Errorf("examples/lab/certs/%s is not the lab's certificate (run -update-examples):\n  example: %s\n  lab:     %s", c, have, want)
		}
	}
	// Nothing secret or private beside it.
	err = filepath.WalkDir(filepath.Join(exampleDir, "lab"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != examplePath && filepath.Ext(p) != ".crt" {
			t.Errorf("examples/lab holds %s; only spec.yaml and public certificates belong there", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// certShape describes a certificate without what lab init draws anew.
func certShape(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil || b.Type != "CERTIFICATE" {
		t.Fatalf("%s is not a PEM certificate", path)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	bits := 0
	if k, ok := c.PublicKey.(*rsa.PublicKey); ok {
		bits = k.N.BitLen()
	}
	return fmt.Sprintf("subject=%s issuer=%s dns=%v ca=%v usage=%v ext=%v key=%s/%d validity=%s",
		c.Subject, c.Issuer, c.DNSNames, c.IsCA, c.KeyUsage, c.ExtKeyUsage, c.PublicKeyAlgorithm, bits, c.NotAfter.Sub(c.NotBefore))
}
