package labwin

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/host/lab"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// The bindings `lab init` seeds: server A as installed, server B with the
// SNI https binding the tech note asks to fix.
var (
	seedA = []winops.Binding{{Protocol: "http", Information: "*:80:"}}
	seedB = []winops.Binding{
		{Protocol: "http", Information: "*:80:"},
		{Protocol: "https", Information: "*:443:ece.example.com", SSLFlags: winops.SSLFlagSNI},
	}
)

func seeded(t *testing.T, bindings []winops.Binding) string {
	t.Helper()
	root := t.TempDir()
	if err := SeedIIS(root, bindings); err != nil {
		t.Fatal(err)
	}
	return root
}

// wellFormed reports whether data parses as XML to its end.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func TestSeedIIS(t *testing.T) {
	tests := map[string]struct {
		bindings []winops.Binding
		golden   string
	}{
		"server A": {seedA, "seed-a.config"},
		"server B": {seedB, "seed-b.config"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			root := seeded(t, tc.bindings)
			data := readConfig(t, root)
			golden(t, tc.golden, data)
			if hasBareLF(data) {
				t.Error("seeded file has LF line endings; IIS writes CRLF")
			}
			site, err := New(root).Site(context.Background(), winops.DefaultSite)
			if err != nil {
				t.Fatal(err)
			}
			if site.Name != winops.DefaultSite || site.ID != 1 || !slices.Equal(site.Bindings, tc.bindings) {
				t.Errorf("Site = %+v, want %q id 1 with %v", site, winops.DefaultSite, tc.bindings)
			}
		})
	}
}

func TestSite(t *testing.T) {
	root := writeConfig(t, fixture(t, "handmade.config"))
	o := New(root)
	tests := map[string]struct {
		name string
		want winops.Site
	}{
		"three bindings and a comment": {"Default Web Site", winops.Site{Name: "Default Web Site", ID: 1, Bindings: []winops.Binding{
			{Protocol: "http", Information: "*:80:"},
			{Protocol: "https", Information: "*:443:ece.example.com", SSLFlags: 1},
			{Protocol: "net.tcp", Information: "808:*"},
		}}},
		"name in another case":  {"default web site", winops.Site{Name: "Default Web Site", ID: 1}},
		"second site":           {"ECE Admin", winops.Site{Name: "ECE Admin", ID: 2, Bindings: []winops.Binding{{Protocol: "https", Information: "*:8443:", SSLFlags: 33}}}},
		"bindings written <x/>": {"Empty", winops.Site{Name: "Empty", ID: 3}},
		"no bindings element":   {"Bare", winops.Site{Name: "Bare", ID: 4}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := o.Site(context.Background(), tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tc.want.Name || got.ID != tc.want.ID || tc.want.Bindings != nil && !slices.Equal(got.Bindings, tc.want.Bindings) {
				t.Errorf("Site(%q) = %+v, want %+v", tc.name, got, tc.want)
			}
		})
	}
}

func TestSiteNotFound(t *testing.T) {
	tests := map[string]struct {
		root func(t *testing.T) string
		site string
	}{
		"unknown site":      {func(t *testing.T) string { return writeConfig(t, fixture(t, "handmade.config")) }, "Nope"},
		"IIS not installed": {func(t *testing.T) string { return t.TempDir() }, winops.DefaultSite},
		"sites is not a child": {func(t *testing.T) string {
			return writeConfig(t, []byte(`<configuration><sites><site name="X" id="1"/></sites></configuration>`))
		}, "X"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			root := tc.root(t)
			o := New(root)
			if _, err := o.Site(context.Background(), tc.site); !errors.Is(err, winops.ErrSiteNotFound) {
				t.Errorf("Site: %v, want ErrSiteNotFound", err)
			}
			err := o.SetSiteBinding(context.Background(), tc.site, nil, winops.Binding{Protocol: "https", Information: "*:443:"})
			if !errors.Is(err, winops.ErrSiteNotFound) {
				t.Errorf("SetSiteBinding: %v, want ErrSiteNotFound", err)
			}
		})
	}
}

func TestSiteMalformed(t *testing.T) {
	tests := map[string]string{
		"not XML":         `<configuration><system.applicationHost>`,
		"mismatched tags": `<configuration><a></b></configuration>`,
		"bad id":          `<configuration><system.applicationHost><sites><site name="X" id="one"/></sites></system.applicationHost></configuration>`,
		"bad sslFlags":    `<configuration><system.applicationHost><sites><site name="X" id="1"><bindings><binding protocol="https" bindingInformation="*:443:" sslFlags="Sni"/></bindings></site></sites></system.applicationHost></configuration>`,
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := New(writeConfig(t, []byte(text))).Site(context.Background(), "X")
			if err == nil || errors.Is(err, winops.ErrSiteNotFound) {
				t.Errorf("Site: %v, want a parse error", err)
			}
		})
	}
}

func TestSetSiteBindingGolden(t *testing.T) {
	https := func(info string, flags int) winops.Binding {
		return winops.Binding{Protocol: "https", Information: info, SSLFlags: flags}
	}
	tests := map[string]struct {
		before string // a testdata file
		site   string
		old    *winops.Binding
		b      winops.Binding
		golden string
	}{
		"update in place clears SNI":   {"handmade.config", "Default Web Site", &winops.Binding{Protocol: "https", Information: "*:443:ece.example.com"}, https("*:443:", 0), "update-sni-off.config"},
		"update keeps other flag bits": {"handmade.config", "ECE Admin", &winops.Binding{Protocol: "HTTPS", Information: "*:8443:"}, https("*:8443:", 32), "update-keep-flags.config"},
		"add after a comment":          {"handmade.config", "Default Web Site", nil, https("*:443:", 0), "add-handmade.config"},
		"add to seeded server A":       {"seed-a.config", winops.DefaultSite, nil, https("*:443:", 0), "add-seed-a.config"},
		"update seeded server B":       {"seed-b.config", winops.DefaultSite, &seedB[1], https("*:443:", 0), "update-seed-b.config"},
		"add to <bindings />":          {"handmade.config", "Empty", nil, winops.Binding{Protocol: "http", Information: "*:8080:"}, "add-empty.config"},
		"add without bindings element": {"handmade.config", "Bare", nil, winops.Binding{Protocol: "http", Information: "*:8081:"}, "add-bare.config"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before := fixture(t, tc.before)
			root := writeConfig(t, before)
			o := New(root, WithClock(clock))
			want, err := o.Site(context.Background(), tc.site)
			if err != nil {
				t.Fatal(err)
			}
			if tc.old == nil {
				want.Bindings = append(want.Bindings, tc.b)
			} else {
				want.Bindings[slices.IndexFunc(want.Bindings, func(b winops.Binding) bool { return sameKey(b, *tc.old) })] = tc.b
			}

			if err := o.SetSiteBinding(context.Background(), tc.site, tc.old, tc.b); err != nil {
				t.Fatal(err)
			}
			after := readConfig(t, root)
			golden(t, tc.golden, after)
			if err := wellFormed(after); err != nil {
				t.Errorf("result is not well-formed XML: %v", err)
			}
			if hasBareLF(after) {
				t.Error("result has LF line endings")
			}
			got, err := o.Site(context.Background(), tc.site)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Bindings, want.Bindings) {
				t.Errorf("bindings after = %v, want %v", got.Bindings, want.Bindings)
			}
			bak, err := lab.ToLocal(root, host.BackupName(ConfigPath, t0))
			if err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(bak); err != nil || !bytes.Equal(b, before) {
				t.Errorf("backup %s: %v; want the bytes before the edit", bak, err)
			}
		})
	}
}

// TestSetSiteBindingTouchesOnlyItsElement checks the result against the
// file as a person would edit it: the same bytes with one element replaced
// or one line inserted.
func TestSetSiteBindingTouchesOnlyItsElement(t *testing.T) {
	before := string(fixture(t, "handmade.config"))
	tests := map[string]struct {
		old       *winops.Binding
		b         winops.Binding
		find, put string
	}{
		"replace": {
			old:  &winops.Binding{Protocol: "https", Information: "*:443:ece.example.com"},
			b:    winops.Binding{Protocol: "https", Information: "*:443:"},
			find: `<binding protocol="https" bindingInformation="*:443:ece.example.com" sslFlags="1" />`,
			put:  `<binding protocol="https" bindingInformation="*:443:" />`,
		},
		"add": {
			b:    winops.Binding{Protocol: "https", Information: "*:443:", SSLFlags: winops.SSLFlagDisableTLS13},
			find: "<binding protocol=\"net.tcp\" bindingInformation=\"808:*\" />\r\n",
			put:  "<binding protocol=\"net.tcp\" bindingInformation=\"808:*\" />\r\n                    <binding protocol=\"https\" bindingInformation=\"*:443:\" sslFlags=\"32\" />\r\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if strings.Count(before, tc.find) != 1 {
				t.Fatalf("fixture holds %q %d times", tc.find, strings.Count(before, tc.find))
			}
			root := writeConfig(t, []byte(before))
			o := New(root, WithClock(clock))
			admin, err := o.Site(context.Background(), "ECE Admin")
			if err != nil {
				t.Fatal(err)
			}
			if err := o.SetSiteBinding(context.Background(), winops.DefaultSite, tc.old, tc.b); err != nil {
				t.Fatal(err)
			}
			after := string(readConfig(t, root))
			if want := strings.Replace(before, tc.find, tc.put, 1); after != want {
				t.Errorf("after the edit:\n%s\nwant:\n%s", after, want)
			}
			if !strings.HasPrefix(after, "\uFEFF") {
				t.Error("BOM lost")
			}
			if !strings.Contains(after, "<!-- SNI binding made by the installer; SPOG needs it off -->") {
				t.Error("comment lost")
			}
			if err := wellFormed([]byte(after)); err != nil {
				t.Errorf("not well-formed XML: %v", err)
			}
			admin2, err := o.Site(context.Background(), "ECE Admin")
			if err != nil || !slices.Equal(admin.Bindings, admin2.Bindings) {
				t.Errorf("second site changed: %v -> %v (%v)", admin.Bindings, admin2.Bindings, err)
			}
		})
	}
}

func TestSetSiteBindingEscaping(t *testing.T) {
	root := seeded(t, seedA)
	o := New(root, WithClock(clock))
	odd := winops.Binding{Protocol: "https", Information: `*:443:a&b"c<d>e`}
	if err := o.SetSiteBinding(context.Background(), winops.DefaultSite, nil, odd); err != nil {
		t.Fatal(err)
	}
	raw := readConfig(t, root)
	if !bytes.Contains(raw, []byte(`bindingInformation="*:443:a&amp;b&quot;c&lt;d&gt;e"`)) {
		t.Errorf("the value is not escaped as IIS writes it:\n%s", raw)
	}
	site, err := o.Site(context.Background(), winops.DefaultSite)
	if err != nil {
		t.Fatal(err)
	}
	if got := site.Bindings[len(site.Bindings)-1]; got != odd {
		t.Errorf("read back %+v, want %+v", got, odd)
	}
	// The escaped element is found again as old.
	plain := winops.Binding{Protocol: "https", Information: "*:443:"}
	if err := o.SetSiteBinding(context.Background(), winops.DefaultSite, &odd, plain); err != nil {
		t.Fatal(err)
	}
	site, _ = o.Site(context.Background(), winops.DefaultSite)
	if want := append(slices.Clone(seedA), plain); !slices.Equal(site.Bindings, want) {
		t.Errorf("bindings = %v, want %v", site.Bindings, want)
	}
}

func TestSetSiteBindingRefusals(t *testing.T) {
	tests := map[string]struct {
		old  *winops.Binding
		b    winops.Binding
		want string
	}{
		"old binding not there": {&winops.Binding{Protocol: "https", Information: "*:443:"}, winops.Binding{Protocol: "https", Information: "*:443:"}, "not found"},
		"duplicate add":         {nil, winops.Binding{Protocol: "http", Information: "*:80:"}, "duplicate"},
		"replace onto another":  {&winops.Binding{Protocol: "http", Information: "*:80:"}, seedB[1], "duplicate"},
		"sslFlags on http":      {nil, winops.Binding{Protocol: "http", Information: "*:8080:", SSLFlags: 1}, "https only"},
		"negative sslFlags":     {nil, winops.Binding{Protocol: "https", Information: "*:444:", SSLFlags: -1}, "negative"},
		"port out of range":     {nil, winops.Binding{Protocol: "https", Information: "*:70000:"}, "port"},
		"no port":               {nil, winops.Binding{Protocol: "https", Information: "ece.example.com"}, "port"},
		"empty protocol":        {nil, winops.Binding{Information: "*:443:"}, "empty protocol"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			root := seeded(t, seedB)
			before := snapshot(t, root)
			err := New(root, WithClock(clock)).SetSiteBinding(context.Background(), winops.DefaultSite, tc.old, tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("SetSiteBinding: %v, want an error containing %q", err, tc.want)
			}
			if !sameSnapshot(before, snapshot(t, root)) {
				t.Error("a refused edit wrote files")
			}
		})
	}
}

func TestSetSiteBindingNoChangeWritesNothing(t *testing.T) {
	root := seeded(t, seedB)
	before := snapshot(t, root)
	if err := New(root, WithClock(clock)).SetSiteBinding(context.Background(), winops.DefaultSite, &seedB[1], seedB[1]); err != nil {
		t.Fatal(err)
	}
	if !sameSnapshot(before, snapshot(t, root)) {
		t.Error("an edit to the same binding wrote files (a backup or the config)")
	}
}

func TestSetSiteBindingBackupsInOneSecond(t *testing.T) {
	root := seeded(t, seedA)
	o := New(root, WithClock(clock))
	for _, b := range []winops.Binding{{Protocol: "https", Information: "*:443:"}, {Protocol: "https", Information: "*:8443:"}} {
		if err := o.SetSiteBinding(context.Background(), winops.DefaultSite, nil, b); err != nil {
			t.Fatal(err)
		}
	}
	first, _ := lab.ToLocal(root, host.BackupName(ConfigPath, t0))
	second := strings.TrimSuffix(first, ".bak") + "-1.bak"
	for _, p := range []string{first, second} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("backup: %v", err)
		}
	}
}

func TestCancelledContextWritesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	root := seeded(t, seedA)
	before := snapshot(t, root)
	o := New(root, WithLatency(time.Hour))
	if err := o.SetSiteBinding(ctx, winops.DefaultSite, nil, winops.Binding{Protocol: "https", Information: "*:443:"}); !errors.Is(err, context.Canceled) {
		t.Errorf("SetSiteBinding: %v, want context.Canceled", err)
	}
	if _, err := o.NewRequest(ctx, winops.CertRequest{CommonName: "x", KeySize: 2048}); !errors.Is(err, context.Canceled) {
		t.Errorf("NewRequest: %v, want context.Canceled", err)
	}
	if _, err := o.Certificates(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Certificates: %v, want context.Canceled", err)
	}
	if !sameSnapshot(before, snapshot(t, root)) {
		t.Error("a cancelled call wrote files")
	}
}
