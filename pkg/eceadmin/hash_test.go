package eceadmin

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHashSecretRFC4231(t *testing.T) {
	// RFC 4231 test case 2.
	got := HashSecret([]byte("Jefe"), "what do ya want for nothing?")
	want := HashPrefix + "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got != want {
		t.Errorf("HashSecret = %s, want %s", got, want)
	}
}

func TestSeal(t *testing.T) {
	ctx := context.Background()
	b := NewLab(t.TempDir(), LabRand(zeroRand{}))
	base, err := Seal(ctx, b, ssoTask())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(base.ValuesHash, HashPrefix) {
		t.Fatalf("ValuesHash = %q", base.ValuesHash)
	}
	tests := map[string]struct {
		edit    func(*Task)
		same    bool
		wantErr string
	}{
		"fields reordered": {edit: func(t *Task) {
			t.Fields[0], t.Fields[1] = t.Fields[1], t.Fields[0]
		}, same: true},
		"notes and title do not count": {edit: func(t *Task) { t.Notes, t.Title = nil, "x" }, same: true},
		"password rotated":             {edit: func(t *Task) { t.Secrets = SecretValues{"Password": "other"} }},
		"value changed":                {edit: func(t *Task) { t.Fields[0].Value = "ldaps://gc2.example.com:3269" }},
		"scope changed":                {edit: func(t *Task) { t.Scope = "x" }},
		"secret not resolved": {edit: func(t *Task) { t.Secrets = nil },
			wantErr: `field "Password": secret env:ECE_LDAP_PASSWORD was not resolved`},
		"label twice": {edit: func(t *Task) { t.Fields = append(t.Fields, t.Fields[0]) },
			wantErr: `field "LDAP URL" appears twice`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			task := ssoTask()
			task.Fields = append([]Field(nil), task.Fields...)
			tt.edit(&task)
			got, err := Seal(ctx, b, task)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), distinctive) {
					t.Error("error holds the secret")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (got.ValuesHash == base.ValuesHash) != tt.same {
				t.Errorf("same hash = %v, want %v", got.ValuesHash == base.ValuesHash, tt.same)
			}
		})
	}
}

func TestKeyFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	m := NewManual(ManualConfig{StateDir: filepath.Join(dir, "state"), Rand: zeroRand{}})
	h1, err := m.Hash(ctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "state", ManualKeyFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode = %v, want 0600", fi.Mode().Perm())
	}
	// A second backend on the same folder reads the same key.
	h2, err := NewManual(ManualConfig{StateDir: filepath.Join(dir, "state")}).Hash(ctx, "x")
	if err != nil || h2 != h1 {
		t.Errorf("second backend: %s, %v; want %s", h2, err, h1)
	}
	if err := os.WriteFile(path, []byte("not hex\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewManual(ManualConfig{StateDir: filepath.Join(dir, "state")}).Hash(ctx, "x"); err == nil {
		t.Error("corrupt key: want an error")
	}
}

func TestSecretValuesRedacted(t *testing.T) {
	task := ssoTask()
	for _, s := range []string{fmt.Sprint(task), fmt.Sprintf("%+v", task), fmt.Sprintf("%#v", task)} {
		if strings.Contains(s, distinctive) {
			t.Errorf("formatted task holds the secret: %s", s)
		}
	}
	b, err := json.Marshal(task)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), distinctive) {
		t.Errorf("JSON holds the secret: %s", b)
	}
}
