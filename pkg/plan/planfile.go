package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"os"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Plan file format identifiers. ReadFile refuses anything else.
const (
	FileFormat        = "ecereconcile-plan"
	FileFormatVersion = 1
)

// SensitiveMask replaces the value of a Sensitive attribute in a plan file.
const SensitiveMask = "(sensitive)"

// File is a saved plan: what a reviewer approved in a change ticket, applied
// later exactly, or refused if reality moved.
//
// A plan file holds no secrets. Attributes never carry secret values (the
// resource contract forbids it: a secret appears as its reference,
// "env:NAME"), and as a second line of defence every Sensitive value is
// written as SensitiveMask. Change.Private and State.Private are never
// written. The file is written with mode 0600 all the same.
type File struct {
	Format            string         `json:"format"`
	FormatVersion     int            `json:"format_version"`
	ToolVersion       string         `json:"tool_version"`
	CreatedAt         time.Time      `json:"created_at"`
	Environment       string         `json:"environment,omitempty"`
	SpecFile          string         `json:"spec_file,omitempty"`
	SpecHash          string         `json:"spec_hash"`
	AllowIrreversible bool           `json:"allow_irreversible,omitempty"`
	Resources         []FileResource `json:"resources"`
}

// FileResource is one resource of a saved plan.
type FileResource struct {
	Addr         resources.Addr      `json:"addr"`
	Action       resources.Action    `json:"action"`
	Fingerprint  string              `json:"fingerprint,omitempty"`
	Before       resources.Attrs     `json:"before,omitempty"`
	After        resources.Attrs     `json:"after,omitempty"`
	Reasons      []resources.Reason  `json:"reasons,omitempty"`
	Irreversible bool                `json:"irreversible,omitempty"`
	Triggers     []resources.Trigger `json:"triggers,omitempty"`
	Error        string              `json:"error,omitempty"`
	Skipped      bool                `json:"skipped,omitempty"`
}

// FileMeta is what NewFile records besides the plan itself.
type FileMeta struct {
	ToolVersion string
	// CreatedAt defaults to Plan.CreatedAt.
	CreatedAt         time.Time
	Environment       string
	SpecFile          string
	SpecHash          string
	AllowIrreversible bool
}

// NewFile returns the saved form of p.
func NewFile(p *Plan, meta FileMeta) *File {
	f := &File{
		Format:            FileFormat,
		FormatVersion:     FileFormatVersion,
		ToolVersion:       meta.ToolVersion,
		CreatedAt:         meta.CreatedAt,
		Environment:       meta.Environment,
		SpecFile:          meta.SpecFile,
		SpecHash:          meta.SpecHash,
		AllowIrreversible: meta.AllowIrreversible,
		Resources:         make([]FileResource, 0, len(p.Items)),
	}
	if f.CreatedAt.IsZero() {
		f.CreatedAt = p.CreatedAt
	}
	for _, it := range p.Items {
		fr := FileResource{
			Addr:         it.Addr,
			Action:       it.Change.Action,
			Fingerprint:  it.Fingerprint,
			Before:       masked(it.Change.Before),
			After:        masked(it.Change.After),
			Reasons:      it.Change.Reasons,
			Irreversible: it.Change.Irreversible,
			Triggers:     it.Triggers,
			Skipped:      it.Skipped,
		}
		if it.Err != nil {
			fr.Error = it.Err.Error()
		}
		f.Resources = append(f.Resources, fr)
	}
	return f
}

// Resource returns the saved resource at addr, or nil.
func (f *File) Resource(addr resources.Addr) *FileResource {
	for i := range f.Resources {
		if f.Resources[i].Addr == addr {
			return &f.Resources[i]
		}
	}
	return nil
}

// masked returns attrs with every Sensitive value replaced by SensitiveMask.
func masked(attrs resources.Attrs) resources.Attrs {
	out := attrs.Clone()
	for k, v := range out {
		if v.Sensitive && !v.Unknown {
			v.S = SensitiveMask
			out[k] = v
		}
	}
	return out
}

// WriteFile writes f to path as indented JSON, atomically (temporary file,
// fsync, rename) and with mode 0600.
func WriteFile(path string, f *File) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("plan file %s: encoding: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("plan file %s: %w", path, err)
	}
	return nil
}

// ReadFile reads a plan file. It refuses, with an error wrapping ErrFormat,
// a file that is not JSON, not an ecereconcile plan, or of another format
// version.
func ReadFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("plan file %s: %w", path, err)
	}
	var head struct {
		Format        string `json:"format"`
		FormatVersion int    `json:"format_version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, wrapf(ErrFormat, "plan file %s: not valid JSON (corrupt or truncated?): %v", path, jsonErr(b, err))
	}
	if head.Format != FileFormat {
		return nil, wrapf(ErrFormat, "plan file %s: not an ecereconcile plan (format %q, want %q)", path, head.Format, FileFormat)
	}
	if head.FormatVersion != FileFormatVersion {
		return nil, wrapf(ErrFormat, "plan file %s: format version %d is not supported; this tool reads version %d", path, head.FormatVersion, FileFormatVersion)
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, wrapf(ErrFormat, "plan file %s: %v", path, jsonErr(b, err))
	}
	return &f, nil
}

// jsonErr adds the line number to a JSON syntax error.
func jsonErr(b []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte{'\n'})
		return fmt.Errorf("line %d: %w", line, err)
	}
	return err
}

// CheckTool refuses a plan written by another version of the tool, with an
// error wrapping ErrToolVersion.
func (f *File) CheckTool(version string) error {
	if f.ToolVersion != version {
		return wrapf(ErrToolVersion, "plan was written by ecereconcile %s; this is %s", f.ToolVersion, version)
	}
	return nil
}

// CheckSpec refuses a plan made from another spec, with an error wrapping
// ErrSpecChanged. hash is the current spec's hash, computed by the caller
// the same way as the one given to NewFile.
func (f *File) CheckSpec(hash string) error {
	if f.SpecHash != hash {
		name := "the spec"
		if f.SpecFile != "" {
			name = f.SpecFile
		}
		return wrapf(ErrSpecChanged, "plan was made from another version of %s (hash %s); it now hashes to %s", name, short(f.SpecHash), short(hash))
	}
	return nil
}
