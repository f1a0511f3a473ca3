package bulkcsv

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readRows(t *testing.T, path string) []Row {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestUpsertCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pcce", "ece_inventory.csv")
	row := NewECEWebServer("ece-web", "ece.example.com", "pa", paPassword, "MultiChannel")
	if err := Upsert(path, row); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(path)); di.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %o, want 700", di.Mode().Perm())
	}
	if got := readRows(t, path); !reflect.DeepEqual(got, []Row{row}) {
		t.Errorf("rows %v", got)
	}
}

func TestUpsertReplacesOrAppends(t *testing.T) {
	web := NewECEWebServer("ece-web", "ece.example.com", "pa", "old", "MultiChannel")
	tests := map[string]struct {
		row  Row
		want func(rows []Row) []Row
	}{
		"same address replaces": {
			NewECEWebServer("ece-web", "ECE.example.com", "pa", paPassword, "MultiChannel"),
			func(rows []Row) []Row {
				rows[3] = NewECEWebServer("ece-web", "ECE.example.com", "pa", paPassword, "MultiChannel")
				return rows
			},
		},
		"same name replaces": {
			NewECEDataServer("ECE-DATA-B", "ece-data-b2.example.com"),
			func(rows []Row) []Row {
				rows[2] = NewECEDataServer("ECE-DATA-B", "ece-data-b2.example.com")
				return rows
			},
		},
		"new machine appends": {
			NewECEWebServer("ece-web-b", "ece-web-b.example.com", "pa", paPassword, "MultiChannel"),
			func(rows []Row) []Row {
				return append(rows, NewECEWebServer("ece-web-b", "ece-web-b.example.com", "pa", paPassword, "MultiChannel"))
			},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "inventory.csv")
			rows := sampleRows()
			rows[3] = web
			var b bytes.Buffer
			if err := Write(&b, rows); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := Upsert(path, tt.row); err != nil {
				t.Fatal(err)
			}
			if got, want := readRows(t, path), tt.want(rows); !reflect.DeepEqual(got, want) {
				t.Errorf("rows\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestUpsertKeepsByteOrderMarkAndNarrowsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inventory.csv")
	orig := "\xEF\xBB\xBFname,machineType,publicAddress\r\nece-data-a,ECE,ece-data-a.example.com\r\n"
	if err := os.WriteFile(path, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Upsert(path, NewECEWebServer("ece-web", "ece.example.com", "pa", paPassword, "MultiChannel")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, bom) {
		t.Error("the byte order mark was dropped")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600", fi.Mode().Perm())
	}
	if rows := readRows(t, path); len(rows) != 2 || rows[0].Name != "ece-data-a" {
		t.Errorf("rows %v", rows)
	}
}

func TestUpsertUnchangedDoesNotRewrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inventory.csv")
	row := NewECEDataServer("ece-data-a", "ece-data-a.example.com")
	if err := Upsert(path, row); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	if err := Upsert(path, row); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	if !os.SameFile(before, after) {
		t.Error("the file was replaced although its content did not change")
	}
}

func TestUpsertLeavesUnreadableFileAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inventory.csv")
	orig := "name,machineType,vmHost\r\nx,ECE,h\r\n"
	if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Upsert(path, NewECEWebServer("ece-web", "ece.example.com", "pa", paPassword, "MultiChannel"))
	if err == nil || !strings.Contains(err.Error(), `unknown column "vmHost"`) {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), paPassword) {
		t.Errorf("error shows the password: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != orig {
		t.Errorf("file changed to %q", data)
	}
}
