package keystore

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// converge runs Read, Plan, Apply, then Read and Plan again like the engine,
// and returns the first change and the state Apply returned. The second plan
// must be NoOp.
func converge(t *testing.T, r *Resource) (resources.Change, resources.State) {
	t.Helper()
	ctx := context.Background()
	cur, err := r.Read(ctx)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: cur, Now: testNow})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	applied, err := r.Apply(ctx, ch)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	again, err := r.Read(ctx)
	if err != nil {
		t.Fatalf("Read after apply: %v", err)
	}
	check, err := r.Plan(resources.PlanInput{Current: again, Now: testNow})
	if err != nil {
		t.Fatalf("Plan after apply: %v", err)
	}
	if check.Action != resources.NoOp {
		t.Fatalf("did not converge: %s %v", check.Action.Word(), check.Reasons)
	}
	if !reflect.DeepEqual(applied.Attrs, again.Attrs) || applied.Fingerprint != again.Fingerprint {
		t.Errorf("Apply returned %v, Read sees %v", applied.Attrs, again.Attrs)
	}
	if ch.After != nil && !reflect.DeepEqual(ch.After, again.Attrs) {
		t.Errorf("planned After %v, got %v", ch.After, again.Attrs)
	}
	return ch, applied
}

func TestApplyCreatesStore(t *testing.T) {
	for _, typ := range []javaks.Type{javaks.JKS, javaks.PKCS12} {
		t.Run(typ.String(), func(t *testing.T) {
			h := newMemHost("ece-app-a")
			ad := newCA(t, "ad")
			r := New(config(h, typ.String(), true, entry("MyDomainController", ad)))
			ch, st := converge(t, r)
			if ch.Action != resources.Create {
				t.Fatalf("action %s, want create", ch.Action.Word())
			}
			if h.copies != 0 {
				t.Errorf("a new store was backed up")
			}
			if got := h.paths(); len(got) != 1 || got[0] != testPath {
				t.Errorf("files %v, want only the keystore", got)
			}
			s, err := javaks.Decode(h.files[testPath], []byte(testPassword), typ)
			if err != nil {
				t.Fatal(err)
			}
			if e, ok := s.Lookup("mydomaincontroller"); !ok || e.SHA256 != javaks.SHA256Fingerprint(ad) {
				t.Errorf("entry %+v", e)
			}
			if typ == javaks.JKS {
				if e, _ := s.Lookup("mydomaincontroller"); !e.Created.Equal(testNow) {
					t.Errorf("created %v, want the injected clock %v", e.Created, testNow)
				}
			}
			if st.Attrs[attrPassword].S != "env:"+testPasswordEnv || !st.Attrs[attrPassword].Sensitive {
				t.Errorf("password attribute %+v", st.Attrs[attrPassword])
			}
		})
	}
}

func TestApplyUpdatesBacksUpAndKeepsOthers(t *testing.T) {
	h := newMemHost("ads-a")
	other := newCA(t, "DigiCert Global Root")
	otherCreated := time.Date(2019, 3, 1, 8, 0, 0, 0, time.UTC)
	unmanaged := javaks.New(javaks.JKS)
	unmanaged.SetTrusted("digicertglobalroot [jdk]", other, otherCreated)
	orig := encode(t, unmanaged)
	h.files[testPath] = orig
	web := newCA(t, "ece.example.com")
	r := New(config(h, "jks", false, entry("ece.example.com", web)))
	ch, _ := converge(t, r)
	if ch.Action != resources.Update {
		t.Fatalf("action %s, want update", ch.Action.Word())
	}
	backup := host.BackupName(testPath, testNow)
	if !bytes.Equal(h.files[backup], orig) {
		t.Fatalf("no backup with the original bytes at %s (files %v)", backup, h.paths())
	}
	s, err := javaks.Decode(h.files[testPath], []byte(testPassword), javaks.JKS)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := s.Lookup("digicertglobalroot [jdk]"); !ok || e.SHA256 != javaks.SHA256Fingerprint(other) || !e.Created.Equal(otherCreated) {
		t.Errorf("unmanaged entry changed: %+v", e)
	}
	if s.Len() != 2 {
		t.Errorf("%d entries, want 2", s.Len())
	}
}

func TestReadErrorsNeverRewrite(t *testing.T) {
	ad := newCA(t, "ad")
	good := encode(t, storeWith(javaks.JKS, "a", ad))
	p12 := encode(t, storeWith(javaks.PKCS12, "a", ad))
	wrongPw, err := storeWith(javaks.JKS, "a", ad).Encode([]byte("changeit"), javaks.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		data []byte
		typ  string
		env  func(string) (string, bool)
		want string
		is   error
	}{
		"wrong password":           {data: wrongPw, typ: "jks", want: testPath + ": wrong keystore password", is: javaks.ErrWrongPassword},
		"truncated":                {data: good[:len(good)-7], typ: "jks", want: testPath + ": truncated keystore", is: javaks.ErrCorrupt},
		"pkcs12 where jks is said": {data: p12, typ: "jks", want: "file is a PKCS12 keystore, but the spec says jks", is: javaks.ErrFormatMismatch},
		"empty file":               {data: []byte{}, typ: "pkcs12", want: "empty file", is: javaks.ErrCorrupt},
		"password not set": {data: good, typ: "jks", want: "env:" + testPasswordEnv,
			env: func(string) (string, bool) { return "", false }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newMemHost("ads-a")
			h.files[testPath] = tc.data
			c := config(h, tc.typ, true, entry("b", newCA(t, "b")))
			if tc.env != nil {
				c.LookupEnv = tc.env
			}
			r := New(c)
			_, err := r.Read(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error does not wrap %v", tc.is)
			}
			if strings.Contains(err.Error(), testPassword) {
				t.Errorf("error contains the password")
			}
			if h.writes != 0 || h.copies != 0 || !bytes.Equal(h.files[testPath], tc.data) || len(h.paths()) != 1 {
				t.Errorf("the host was modified: writes=%d copies=%d files=%v", h.writes, h.copies, h.paths())
			}
		})
	}
}

func TestApplyRefusesAMovedFile(t *testing.T) {
	ad := newCA(t, "ad")
	tests := map[string]struct {
		before []byte // nil: absent when read
		after  []byte // nil: absent at apply
		want   string
	}{
		"changed":  {before: encode(t, storeWith(javaks.JKS, "x", newCA(t, "x"))), after: encode(t, storeWith(javaks.JKS, "y", newCA(t, "y"))), want: "changed since it was read; plan again"},
		"removed":  {before: encode(t, storeWith(javaks.JKS, "x", newCA(t, "x"))), want: "removed since it was read; plan again"},
		"appeared": {after: encode(t, storeWith(javaks.JKS, "y", newCA(t, "y"))), want: "appeared since it was read; plan again"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newMemHost("ads-a")
			if tc.before != nil {
				h.files[testPath] = tc.before
			}
			r := New(config(h, "jks", true, entry("a", ad)))
			cur, err := r.Read(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ch, err := r.Plan(resources.PlanInput{Current: cur, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			delete(h.files, testPath)
			if tc.after != nil {
				h.files[testPath] = tc.after
			}
			if _, err := r.Apply(context.Background(), ch); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Apply: %v, want an error containing %q", err, tc.want)
			}
			if h.writes != 0 || h.copies != 0 {
				t.Errorf("the host was modified: writes=%d copies=%d", h.writes, h.copies)
			}
		})
	}
}

func TestPresentUnderOtherAliasWarns(t *testing.T) {
	h := newMemHost("ads-a")
	web := newCA(t, "ece.example.com")
	h.files[testPath] = encode(t, storeWith(javaks.JKS, "ece-web", web))
	r := New(config(h, "jks", false, entry("ece.example.com", web)))
	cur, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cur.Warnings) != 1 || !strings.Contains(cur.Warnings[0], `is already trusted under alias "ece-web"`) {
		t.Errorf("warnings %q", cur.Warnings)
	}
	ch, err := r.Plan(resources.PlanInput{Current: cur, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Action != resources.NoOp || len(ch.Reasons) != 1 || ch.Reasons[0].Code != PresentUnderOtherAlias {
		t.Fatalf("change %s %v, want no-op with %s", ch.Action.Word(), ch.Reasons, PresentUnderOtherAlias)
	}
}

func TestDescribe(t *testing.T) {
	r := New(config(newMemHost("ads-a"), "", false))
	if got, want := r.Describe(), testPath+" on ads-a"; got != want {
		t.Fatalf("Describe() = %q, want %q", got, want)
	}
}

func TestLegacyPKCS12StaysLegacy(t *testing.T) {
	h := newMemHost("ads-a")
	old := storeWith(javaks.PKCS12, "root", newCA(t, "root"))
	data, err := old.Encode([]byte(testPassword), javaks.EncodeOptions{PKCS12Encoder: javaks.LegacyDES})
	if err != nil {
		t.Fatal(err)
	}
	h.files[testPath] = data
	converge(t, New(config(h, "pkcs12", false, entry("ece", newCA(t, "ece")))))
	s, err := javaks.Decode(h.files[testPath], []byte(testPassword), javaks.PKCS12)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.PKCS12Encoder() != javaks.LegacyDES {
		t.Fatalf("%d entries, written with %s; want 2 entries, legacy-des", s.Len(), s.PKCS12Encoder())
	}
}

// TestConvergesWhenAReplacedAliasHeldAWantedCert: "root" holds the
// certificate wanted under "x" but is itself replaced; x must be added, or
// the second plan would not be empty.
func TestConvergesWhenAReplacedAliasHeldAWantedCert(t *testing.T) {
	h := newMemHost("ads-a")
	root, old := newCA(t, "root"), newCA(t, "old")
	h.files[testPath] = encode(t, storeWith(javaks.JKS, "root", old))
	ch, _ := converge(t, New(config(h, "jks", false, entry("root", root), entry("x", old))))
	if ch.Action != resources.Update || len(ch.Reasons) != 2 {
		t.Fatalf("change %s %v", ch.Action.Word(), ch.Reasons)
	}
}
