package eceadmin

import (
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/goldenfile"
	"github.com/ecereconcile/ecereconcile/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// t0 is the fixed clock of the tests.
var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// distinctive is a password that must never reach a file.
const distinctive = "Zq7-distinctive-P@ss-91"

// zeroRand is deterministic randomness for hash keys.
type zeroRand struct{}

func (zeroRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i)
	}
	return len(p), nil
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got, *update)
}

// grepTree fails when needle occurs in any file below dir, or in a name.
func grepTree(t *testing.T, dir, needle string) {
	t.Helper()
	testkit.NoSecretInTree(t, dir, needle)
}

// ssoTask is a partition SSO task with one secret.
func ssoTask() Task {
	return Task{
		Section:     PartitionSSO,
		Title:       "Partition Administrator SSO",
		ConsolePath: PartitionSSO.ConsolePath(),
		Fields: []Field{
			{Label: "LDAP URL", Value: "ldaps://gc.example.com:3269"},
			{Label: "DN attribute", Value: "userPrincipalName"},
			{Label: "Base", Value: ""},
			{Label: "DN for LDAP search", Value: "CN=svc-ece,OU=Service,DC=example,DC=com"},
			{Label: "Password", Value: "env:ECE_LDAP_PASSWORD", Secret: true},
			{Label: "SSL enabled on LDAP", Value: "Yes"},
			{Label: "Keystore location", Value: `C:\ece\pcce\mydomain.jks`},
		},
		Notes:   []string{"Sign in to the business partition as pa."},
		Secrets: SecretValues{"Password": distinctive},
	}
}
