package spec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"

	"gopkg.in/yaml.v3"
)

// Load reads, decodes, defaults, validates and expands the spec at path.
// On any problem in the file it returns nil and an error listing every
// problem (see FieldErrors); relative paths in the spec are resolved against
// the spec's folder, and path is the FILE of each error as given.
func Load(path string) (*Spec, error) {
	data, err := readSpec(path)
	if err != nil {
		return nil, fmt.Errorf("loading spec: %w", err)
	}
	return Parse(path, data, ReadFile)
}

// Parse is Load for a spec already in memory. file names the spec in errors
// and gives the folder relative paths are resolved against; readFile reads
// the certificate files the spec names, given their resolved path (nil means
// ReadFile: regular files of at most MaxFileSize bytes; a longer answer of
// readFile is refused too). Secret files are never read.
func Parse(file string, data []byte, readFile func(string) ([]byte, error)) (*Spec, error) {
	if readFile == nil {
		readFile = ReadFile
	}
	errs := newErrList(file)
	root := parseYAML(data, errs)
	if root == nil {
		return nil, errs.err()
	}
	s := &Spec{File: file, Dir: specDir(file)}
	pos := newPositions()
	pos.record("", nil, root)
	d := &decoder{errs: errs, pos: pos}
	d.value(root, reflect.ValueOf(s).Elem(), "", 0)

	applyDefaults(s, pos.has)
	files := newRefFiles(s.Dir, readFile)
	v := &validator{s: s, pos: pos, errs: errs, files: files}
	v.validate()
	absolutize(s)

	insts := expand(s, pos)
	if !v.dupHosts {
		// With a host twice, every instance on it is twice: each would be
		// reported as managing its own file and depending on itself.
		checkSameFile(insts, pos, errs)
		checkCycles(insts, errs)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	s.Hash = hashOf(data, files)
	remember(s, insts)
	return s, nil
}

func specDir(file string) string {
	dir := filepath.Dir(file)
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

// parseYAML returns the single document's root node, or nil after
// reporting why there is none.
func parseYAML(data []byte, errs *errList) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			errs.add(Pos{Line: 1, Col: 1}, "", "empty file; want an Environment document",
				"a spec starts with apiVersion: "+APIVersion+" and kind: "+Kind)
			return nil
		}
		reportSyntax(err, data, errs)
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		reportSyntax(err, data, errs)
		return nil
	default:
		errs.add(nodePos(&next), "", "a second YAML document; a spec file holds exactly one environment",
			"remove the --- separator, or split the environments into files")
		return nil
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		errs.add(Pos{Line: 1, Col: 1}, "", "empty document; want an Environment document", "")
		return nil
	}
	return doc.Content[0]
}

// absolutize makes the paths on this machine absolute against the spec's
// folder: secret files and lab roots (the state folder is done by defaults).
func absolutize(s *Spec) {
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(s.Dir, p)
	}
	for i := range s.Hosts {
		c := &s.Hosts[i].Connection
		if c.Type == ConnLab {
			c.Root = abs(c.Root)
		}
		c.Password.File = abs(c.Password.File)
		c.CACertificate = abs(c.CACertificate)
	}
	if in := s.Integration; in != nil {
		if a := in.ECEAdmin; a != nil {
			a.Root = abs(a.Root)
		}
		if pc := in.PCCE; pc != nil {
			pc.Password.File = abs(pc.Password.File)
			pc.CACertificate = abs(pc.CACertificate)
		}
		if inv := in.Inventory; inv != nil {
			inv.PartitionAdmin.Password.File = abs(inv.PartitionAdmin.Password.File)
			inv.CSVFile = abs(inv.CSVFile)
		}
		if ps := in.PartitionSSO; ps != nil {
			ps.Password.File = abs(ps.Password.File)
		}
		if u := in.UCCEIntegration; u != nil {
			u.AWDB.Password.File = abs(u.AWDB.Password.File)
		}
		if wc := in.WebCertificate; wc != nil {
			if wc.PFX != nil {
				wc.PFX.File = abs(wc.PFX.File)
				wc.PFX.Password.File = abs(wc.PFX.Password.File)
			}
			if wc.CSR != nil {
				wc.CSR.Dir = abs(wc.CSR.Dir)
				wc.CSR.SignedCertificate = abs(wc.CSR.SignedCertificate)
			}
		}
		if ad := in.ActiveDirectory; ad != nil {
			ad.Keystore.Password.File = abs(ad.Keystore.Password.File)
		}
		if at := in.ADSTrust; at != nil {
			at.Truststore.Password.File = abs(at.Truststore.Password.File)
		}
	}
	for i := range s.Resources {
		if k := s.Resources[i].Keystore; k != nil {
			k.Password.File = abs(k.Password.File)
		}
	}
}

// hashOf is "sha256:<hex>" over the spec's bytes and the certificate files
// read, each prefixed by its name relative to the spec and its length, in
// name order. Secret files are never read, so never hashed.
func hashOf(data []byte, files *refFiles) string {
	h := sha256.New()
	fmt.Fprintf(h, "spec %d\n", len(data))
	h.Write(data)
	for _, name := range files.names() {
		b := files.read[name]
		fmt.Fprintf(h, "\nfile %s %d\n", name, len(b))
		h.Write(b)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
