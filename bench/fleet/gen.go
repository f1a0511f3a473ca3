package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/lab"
)

// makeTemplate creates the lab every environment is a copy of, with extra
// ADS hosts.
func makeTemplate(dir string, extraADS int) error {
	if _, err := lab.Init(dir, lab.Options{Now: time.Now, Rand: rand.Reader}); err != nil {
		return err
	}
	specPath := filepath.Join(dir, lab.SpecFile)
	b, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	spec := string(b)
	const anchor = "\nintegration:\n"
	if !strings.Contains(spec, anchor) {
		return fmt.Errorf("%s: no integration block to put hosts before", specPath)
	}
	var hosts strings.Builder
	for i := range extraADS {
		name := fmt.Sprintf("ads-x%02d", i+1)
		if err := os.CopyFS(filepath.Join(dir, "hosts", name), os.DirFS(filepath.Join(dir, "hosts", "ads-b"))); err != nil {
			return err
		}
		fmt.Fprintf(&hosts, "  - name: %s\n    roles: [pcce-ads]\n    connection: {type: lab, root: hosts/%s}\n", name, name)
	}
	spec = strings.Replace(spec, anchor, "\n"+hosts.String()+"integration:\n", 1)
	return os.WriteFile(specPath, []byte(spec), 0o644)
}

// copyEnv copies the template into dir, renaming the environment.
func copyEnv(template, dir, name string) error {
	if err := os.CopyFS(dir, os.DirFS(template)); err != nil {
		return err
	}
	specPath := filepath.Join(dir, lab.SpecFile)
	b, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	spec := strings.Replace(string(b), "\nmetadata:\n  name: lab\n", "\nmetadata:\n  name: "+name+"\n", 1)
	return os.WriteFile(specPath, []byte(spec), 0o644)
}
