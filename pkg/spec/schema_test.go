package spec

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSchemaFileIsCurrent fails when the committed schema differs from the
// one the Go types make; -update (or go generate) rewrites it.
func TestSchemaFileIsCurrent(t *testing.T) {
	got := JSONSchema()
	if !bytes.Equal(got, JSONSchema()) {
		t.Fatal("JSONSchema is not deterministic")
	}
	if !json.Valid(got) {
		t.Fatal("JSONSchema is not valid JSON")
	}
	if *update {
		if err := os.WriteFile(SchemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(SchemaFile)
	if err != nil {
		t.Fatalf("%v: run go generate ./pkg/spec", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		i := 0
		for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
			i++
		}
		line := func(l []string) string {
			if i < len(l) {
				return l[i]
			}
			return "(end of file)"
		}
		t.Errorf("pkg/spec/%s is stale: run go generate ./pkg/spec (or go test ./pkg/spec -run Schema -update)\n"+
			"first difference at line %d:\n  committed: %s\n  generated: %s", SchemaFile, i+1, line(wl), line(gl))
	}
}

// TestSchemaDocumentsEveryField: every YAML field and named type has a
// description, and every entry of the tables names a real field or type.
func TestSchemaDocumentsEveryField(t *testing.T) {
	g := newSchemaGen()
	g.document()
	for key := range g.used {
		if name, ok := strings.CutPrefix(key, "type "); ok {
			if typeDocs[name] == "" {
				t.Errorf("type %s has no description in typeDocs (schema_fields.go)", name)
			}
			continue
		}
		if fieldDocs[key].desc == "" {
			t.Errorf("field %s has no description in fieldDocs (schema_fields.go)", key)
		}
	}
	for key := range fieldDocs {
		if !g.used[key] {
			t.Errorf("fieldDocs has %s, which is not a field of the spec", key)
		}
	}
	for name := range typeDocs {
		if !g.used["type "+name] {
			t.Errorf("typeDocs has %s, which is not a type of the spec", name)
		}
	}
}

// TestSchemaPatternsMatchTheirChecks: the patterns written for the schema
// (not copied from a validator regexp) accept exactly what the check does.
func TestSchemaPatternsMatchTheirChecks(t *testing.T) {
	t.Run("duration", func(t *testing.T) {
		re := regexp.MustCompile(durationPattern)
		for _, s := range []string{"30d", "0d", "+3d", "0", "12h", "90m", "1h30m", "1.5h", ".5s", "1.h", "300ms", "10us", "10µs",
			"2h45m30s", " 12h ", "d", "1d12h", "-1h", "-2d", "12", "1.5d", "h", "", "1e3s", "12 h", "1hh", "30D"} {
			_, err := ParseDuration(s)
			if got, want := re.MatchString(s), err == nil; got != want {
				t.Errorf("%q: pattern matches %v, ParseDuration accepts %v", s, got, want)
			}
		}
	})
	t.Run("dns name", func(t *testing.T) {
		re := regexp.MustCompile(dnsNamePattern)
		long := strings.Repeat("a.", 126) + "aa" // 254 characters
		for _, s := range []string{"ece.example.com", "a", "ece-web-1.example.com", "1.2.3.4", "xn--bcher-kva.example",
			"-a.example.com", "a-.example.com", "a..b", "a_b.example.com", "*.example.com", "ece.example.com.", "", long,
			long[2:], strings.Repeat("a", 63), strings.Repeat("a", 64)} {
			got := re.MatchString(s) && len(s) <= maxDNSName
			if want := checkDNSName(s) == ""; got != want {
				t.Errorf("%q: pattern and maxLength accept %v, checkDNSName accepts %v", s, got, want)
			}
		}
	})
}

// TestSchemaAcceptsValidSpecs: every valid spec of the tests and every spec
// under examples/ passes the committed schema.
func TestSchemaAcceptsValidSpecs(t *testing.T) {
	js := committedSchema(t)
	files, err := filepath.Glob(filepath.Join("testdata", "valid", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	examples := exampleSpecs(t)
	if len(examples) < 5 {
		t.Fatalf("found %d specs under examples/, want at least 5: %v", len(examples), examples)
	}
	for _, f := range append(files, examples...) {
		t.Run(filepath.ToSlash(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			x, err := yamlToJSON(data)
			if err != nil {
				t.Fatal(err)
			}
			if v := js.validate(x); len(v) > 0 {
				t.Errorf("the schema rejects %s:\n%s", f, strings.Join(v, "\n"))
			}
		})
	}
}

// exampleSpecs lists the spec files under examples/: the YAML files with
// the spec's apiVersion.
func exampleSpecs(t *testing.T) []string {
	t.Helper()
	var out []string
	root := filepath.Join("..", "..", "examples")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (filepath.Ext(p) != ".yaml" && filepath.Ext(p) != ".yml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if regexp.MustCompile(`(?m)^apiVersion:\s*` + regexp.QuoteMeta(APIVersion) + `\s*$`).Match(data) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaRejects: what an editor flags while the spec is written.
func TestSchemaRejects(t *testing.T) {
	js := committedSchema(t)
	const head = "apiVersion: ecereconcile/v1\nkind: Environment\nmetadata: {name: x}\n"
	const host = "hosts:\n  - {name: a, roles: [ece-web], connection: {type: local}}\n"
	tests := []struct {
		name, doc, want string
	}{
		{"empty document", "{}", `missing required property "apiVersion"`},
		{"another apiVersion", "apiVersion: ecereconcile/v2\nkind: Environment\nmetadata: {name: x}\n" + host, "/apiVersion: \"ecereconcile/v2\" is not one of"},
		{"unknown top-level field", head + host + "integrations: {}\n", `property "integrations" is not allowed`},
		{"misspelled field", head + "hosts:\n  - {name: a, role: [ece-web], connection: {type: local}}\n", `property "role" is not allowed`},
		{"no hosts", head + "hosts: []\n", "/hosts: has 0 items"},
		{"invalid name", "apiVersion: ecereconcile/v1\nkind: Environment\nmetadata: {name: Prod East}\n" + host, "/metadata/name: \"Prod East\" does not match"},
		{"unknown role", head + "hosts:\n  - {name: a, roles: [ece-webb], connection: {type: local}}\n", "/hosts/0/roles/0: \"ece-webb\" is not one of"},
		{"role twice", head + "hosts:\n  - {name: a, roles: [ece-web, ece-web], connection: {type: local}}\n", "/hosts/0/roles: items 0 and 1 are equal"},
		{"connection type", head + "hosts:\n  - {name: a, roles: [ece-web], connection: {type: ssh}}\n", "/hosts/0/connection/type: \"ssh\" is not one of"},
		{"inline secret", head + "hosts:\n  - {name: a, roles: [ece-web], connection: {type: winrm, user: u, password: hunter2}}\n", "/hosts/0/connection/password: want type object"},
		{"env and file", head + "hosts:\n  - {name: a, roles: [ece-web], connection: {type: winrm, user: u, password: {env: A, file: b}}}\n", "matches 2 of the oneOf"},
		{"env name", head + "hosts:\n  - {name: a, roles: [ece-web], connection: {type: winrm, user: u, password: {env: my password}}}\n", "/password/env: \"my password\" does not match"},
		{"text for a number", head + host + "integration:\n  ece: {fqdn: ece.example.com}\n  iisBinding: {port: https}\n", "/integration/iisBinding/port: want type integer"},
		{"port out of range", head + host + "integration:\n  ece: {fqdn: ece.example.com}\n  iisBinding: {port: 70000}\n", "70000 is more than 65535"},
		{"missing ece", head + host + "integration:\n  spogConfig: {}\n", `missing required property "ece"`},
		{"certificate source", head + host + "integration:\n  ece: {fqdn: ece.example.com}\n  webCertificate: {source: selfsigned}\n", "\"selfsigned\" is not one of"},
		{"duration", head + host + "integration:\n  ece: {fqdn: ece.example.com}\n  webCertificate: {source: self-signed, renewBefore: 1d12h}\n", "\"1d12h\" does not match"},
		{"deployment model", head + host + "integration:\n  ece: {fqdn: ece.example.com}\n  pcce: {url: https://aw, user: u, password: {env: P}, caCertificate: c.crt, deploymentModel: 3000}\n", "3000 is not one of"},
		{"trace level", head + host + "integration:\n  ece: {fqdn: ece.example.com}\n  traceLevels: [{process: EAAS-process, level: 9}]\n", "9 is more than 8"},
		{"two kinds in one item", head + host + "resources:\n  - {keystore: {name: a}, service: {name: b}}\n", "has 2 properties, want at most 1"},
		{"empty item", head + host + "resources:\n  - {}\n", "has 0 properties, want at least 1"},
		{"resource name", head + host + "resources:\n  - service: {name: Extra-Trust, hosts: [a], service: s, restartOn: [keystore.x]}\n", "\"Extra-Trust\" does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := yamlToJSON([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			got := js.validate(x)
			if !slices.ContainsFunc(got, func(v string) bool { return strings.Contains(v, tt.want) }) {
				t.Errorf("want a violation containing %q, got:\n%s", tt.want, strings.Join(got, "\n"))
			}
			// validate refuses it too.
			if _, err := Parse("testdata/valid/schema.yaml", []byte(tt.doc), nil); err == nil {
				t.Errorf("the schema rejects it but Parse accepts it")
			}
		})
	}
}
