package keystore

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/host/local"
	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// These tests use real files (the local host) and the JDK's keytool.

func requireKeytool(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("keytool"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("keytool is required when CI is set: %v", err)
		}
		t.Skip("keytool not found; install a JDK to run the interoperability tests")
	}
}

func keytool(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("keytool", args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "JAVA_TOOL_OPTIONS=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("keytool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestKeytoolCreateThenIdempotent(t *testing.T) {
	requireKeytool(t)
	for _, typ := range []javaks.Type{javaks.JKS, javaks.PKCS12} {
		t.Run(typ.String(), func(t *testing.T) {
			dir := t.TempDir()
			ad := newCA(t, "dc01.mydomain.local")
			c := config(local.New("ece-app-a"), typ.String(), true, entry("mydomaincontroller", ad))
			c.Store.Path = filepath.Join(dir, "pcce", "mydomain.jks")
			r := New(c)
			ch, _ := converge(t, r)
			if ch.Action != resources.Create {
				t.Fatalf("action %s, want create", ch.Action.Word())
			}
			out := keytool(t, "-list", "-v", "-keystore", c.Store.Path, "-storepass", testPassword, "-storetype", strings.ToUpper(typ.String()))
			for _, w := range []string{"Alias name: mydomaincontroller", "SHA256: " + javaks.SHA256Fingerprint(ad), "Your keystore contains 1 entry"} {
				if !strings.Contains(out, w) {
					t.Errorf("keytool -list does not show %q:\n%s", w, out)
				}
			}
			entries, _ := os.ReadDir(filepath.Dir(c.Store.Path))
			if len(entries) != 1 {
				t.Errorf("%d files next to the new keystore, want none besides it", len(entries)-1)
			}
		})
	}
}

// TestKeytoolCacertsEdit is step 4.1: a keytool-made cacerts (changeit)
// gets the ECE web certificate; the old file is backed up; keytool reads
// the result; a second run changes nothing.
func TestKeytoolCacertsEdit(t *testing.T) {
	requireKeytool(t)
	for _, typ := range []javaks.Type{javaks.JKS, javaks.PKCS12} {
		t.Run(typ.String(), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "cacerts")
			st := strings.ToUpper(typ.String())
			root := newCA(t, "Some Root CA")
			rootFile := filepath.Join(dir, "root.der")
			if err := os.WriteFile(rootFile, root.Raw, 0o644); err != nil {
				t.Fatal(err)
			}
			keytool(t, "-importcert", "-noprompt", "-alias", "someroot", "-file", rootFile, "-keystore", path, "-storepass", testPassword, "-storetype", st)
			orig, _ := os.ReadFile(path)

			web := newCA(t, "ece.example.com")
			c := config(local.New("ads-a"), typ.String(), false, entry("ece.example.com", web))
			c.Store.Path = path
			ch, _ := converge(t, New(c))
			if ch.Action != resources.Update || ch.Reasons[0].Code != EntryMissing {
				t.Fatalf("change %s %v", ch.Action.Word(), ch.Reasons)
			}
			backup, err := os.ReadFile(host.BackupName(path, testNow))
			if err != nil || !bytes.Equal(backup, orig) {
				t.Fatalf("backup: %v (equal to the original: %v)", err, bytes.Equal(backup, orig))
			}
			out := keytool(t, "-list", "-v", "-keystore", path, "-storepass", testPassword, "-storetype", st)
			for _, w := range []string{"Your keystore contains 2 entries", "Alias name: ece.example.com",
				"SHA256: " + javaks.SHA256Fingerprint(web), "Alias name: someroot", "SHA256: " + javaks.SHA256Fingerprint(root)} {
				if !strings.Contains(out, w) {
					t.Errorf("keytool -list does not show %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestKeytoolBrokenFilesAreLeftAlone(t *testing.T) {
	requireKeytool(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "src.jks")
	rootFile := filepath.Join(dir, "root.der")
	if err := os.WriteFile(rootFile, newCA(t, "root").Raw, 0o644); err != nil {
		t.Fatal(err)
	}
	keytool(t, "-importcert", "-noprompt", "-alias", "root", "-file", rootFile, "-keystore", src, "-storepass", "changeit", "-storetype", "JKS")
	good, _ := os.ReadFile(src)
	tests := map[string]struct {
		data []byte
		want string
	}{
		"wrong password": {good, "wrong keystore password"},
		"truncated":      {good[:len(good)/2], "truncated keystore"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d := t.TempDir()
			path := filepath.Join(d, "cacerts")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			c := config(local.New("ads-a"), "jks", true, entry("ece", newCA(t, "ece")))
			c.Store.Path = path
			_, err := New(c).Read(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), path+": ") {
				t.Fatalf("Read: %v, want %q prefixed with the path", err, tc.want)
			}
			after, _ := os.ReadFile(path)
			files, _ := os.ReadDir(d)
			if !bytes.Equal(after, tc.data) || len(files) != 1 {
				t.Errorf("file changed or a backup was written (%d files)", len(files))
			}
		})
	}
}

func TestKeytoolSameCertUnderAnotherAlias(t *testing.T) {
	requireKeytool(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "cacerts")
	web := newCA(t, "ece.example.com")
	webFile := filepath.Join(dir, "web.der")
	if err := os.WriteFile(webFile, web.Raw, 0o644); err != nil {
		t.Fatal(err)
	}
	keytool(t, "-importcert", "-noprompt", "-alias", "ecewebcert", "-file", webFile, "-keystore", path, "-storepass", testPassword, "-storetype", "JKS")
	orig, _ := os.ReadFile(path)
	c := config(local.New("ads-a"), "jks", false, entry("ece.example.com", web))
	c.Store.Path = path
	r := New(c)
	cur, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: cur, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Action != resources.NoOp || len(ch.Reasons) != 1 || ch.Reasons[0].Code != PresentUnderOtherAlias || len(cur.Warnings) != 1 {
		t.Fatalf("change %s %v, warnings %v", ch.Action.Word(), ch.Reasons, cur.Warnings)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, orig) {
		t.Error("the keystore changed")
	}
}
