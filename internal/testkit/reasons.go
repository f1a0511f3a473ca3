package testkit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// ReasonCodes lists the names of the constants declared in the Go file at
// path (a kind's reasons.go); it fails the test when there are fewer than
// min, a sign the file moved or was emptied.
func ReasonCodes(tb testing.TB, path string, min int) []string {
	tb.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					out = append(out, n.Name)
				}
			}
		}
	}
	if len(out) < min {
		tb.Fatalf("found only %d reason codes in %s", len(out), path)
	}
	return out
}
