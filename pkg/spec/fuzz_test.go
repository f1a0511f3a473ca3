package spec

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fuzzFiles serves the certificates of testdata/certs from memory to Parse,
// by base name whatever the folder (the tests write ../certs/X, the lab
// and the examples certs/X or ../../certs/X), with the examples' and the
// lab's other names as aliases. The fuzzer never reads the disk: a spec
// naming /dev/zero must not hang it. Any other name does not exist.
type fuzzFiles map[string][]byte

func newFuzzFiles(tb testing.TB) (fuzzFiles, string) {
	tb.Helper()
	certs, err := filepath.Glob(filepath.Join("testdata", "certs", "*"))
	if err != nil || len(certs) == 0 {
		tb.Fatalf("no test certificates: %v", err)
	}
	files := fuzzFiles{}
	for _, c := range certs {
		b, err := os.ReadFile(c)
		if err != nil {
			tb.Fatal(err)
		}
		files[filepath.Base(c)] = b
	}
	for alias, name := range map[string]string{
		"corp-root-ca.crt":    "corp-root.crt",
		"corp-issuing-ca.crt": "corp-issuing.crt",
		"pcce-aw.crt":         "corp-root.crt",
		"prod-ece-web.crt":    "wildcard.crt",
	} {
		files[alias] = files[name]
	}
	files["web.pfx"] = []byte("a PFX is only hashed while loading")
	valid, err := filepath.Abs(filepath.Join("testdata", "valid"))
	if err != nil {
		tb.Fatal(err)
	}
	return files, filepath.Join(valid, "fuzz.yaml")
}

func (f fuzzFiles) read(name string) ([]byte, error) {
	if b, ok := f[filepath.Base(name)]; ok {
		return b, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// FuzzParse feeds specs to Parse. It never panics. A rejected spec returns
// no Spec and only FieldErrors naming the file, each with a line (YAML
// syntax errors too: syntax.go finds the line of those yaml.v3 gives
// without one). An accepted spec is a fixed point: parsed again it gives
// the same hash and instances, and re-encoded by yaml.v3 (other layout, no
// comments) it gives the same hosts, integration, resources and instances,
// positions aside.
//
// Seed corpus: every spec of testdata/valid and testdata/invalid (added by
// the target), and testdata/fuzz/FuzzParse: the lab's spec, the examples
// and the YAML errors yaml.v3 gives without a line (first line, control
// character, broken UTF-8 or UTF-16, unknown anchor).
func FuzzParse(f *testing.F) {
	files, file := newFuzzFiles(f)
	for _, dir := range []string{"valid", "invalid"} {
		specs, err := filepath.Glob(filepath.Join("testdata", dir, "*.yaml"))
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range specs {
			b, err := os.ReadFile(s)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(file, data, files.read)
		if err != nil {
			checkRejected(t, file, s, err)
			return
		}
		again, err := Parse(file, data, files.read)
		if err != nil {
			t.Fatalf("an accepted spec is rejected the second time: %v", err)
		}
		if again.Hash != s.Hash || !reflect.DeepEqual(withoutPos(again.Instances()), withoutPos(s.Instances())) {
			t.Fatalf("parsing the same spec twice differs")
		}
		checkReencoded(t, file, files, data, s)
	})
}

// checkRejected checks the error of a rejected spec.
func checkRejected(t *testing.T, file string, s *Spec, err error) {
	t.Helper()
	if s != nil {
		t.Fatalf("Parse returned a spec with an error")
	}
	fes := FieldErrors(err)
	if len(fes) == 0 {
		t.Fatalf("error without a FieldError: %v", err)
	}
	for _, fe := range fes {
		if fe.File != file {
			t.Fatalf("FieldError names %q, not the spec %q: %v", fe.File, file, fe)
		}
		if fe.Line < 1 {
			t.Fatalf("FieldError without a line: %v", fe)
		}
	}
	if msg := err.Error(); !strings.HasPrefix(msg, file+":") || strings.Contains(msg, "errors occurred") {
		t.Fatalf("error text does not start with the file: %q", msg)
	}
}

// checkReencoded re-encodes the accepted spec's YAML and parses it again.
func checkReencoded(t *testing.T, file string, files fuzzFiles, data []byte, s *Spec) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("an accepted spec does not unmarshal: %v", err)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(4)
	if err := enc.Encode(&doc); err != nil {
		return // yaml.v3 cannot write every tree it reads (e.g. some aliases)
	}
	if err := enc.Close(); err != nil {
		return
	}
	re, err := Parse(file, out.Bytes(), files.read)
	if err != nil {
		t.Fatalf("the re-encoded spec is rejected: %v\n--- input\n%s\n--- re-encoded\n%s", err, data, out.Bytes())
	}
	for what, pair := range map[string][2]any{
		"hosts":       {s.Hosts, re.Hosts},
		"metadata":    {s.Metadata, re.Metadata},
		"integration": {s.Integration, re.Integration},
		"resources":   {s.Resources, re.Resources},
		"instances":   {withoutPos(s.Instances()), withoutPos(re.Instances())},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Fatalf("re-encoding changed the %s\n--- input\n%s\n--- re-encoded\n%s", what, data, out.Bytes())
		}
	}
}

// withoutPos returns the instances with their positions cleared.
func withoutPos(insts []Instance) []Instance {
	out := make([]Instance, len(insts))
	for i, in := range insts {
		in.Pos = Pos{}
		out[i] = in
	}
	return out
}
