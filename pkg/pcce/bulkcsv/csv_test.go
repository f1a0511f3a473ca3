package bulkcsv

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// sampleRows are an HA pair of ECE data servers, an ECE web server with a
// password full of separators, and a row of another machine the file
// already had.
func sampleRows() []Row {
	return []Row{
		{Name: "TR1-PG1A", MachineType: pcce.TypeCCEPG, PublicAddress: "10.10.10.26", PrivateAddress: "10.10.20.26", Side: "sideA",
			ConnectionInfo: ConnectionInfo{{"type", "DIAGNOSTIC_PORTAL"}, {KeyUserName, `EXAMPLE\admin`}, {KeyPassword, "pg&pw"}}},
		NewECEDataServer("ece-data-a", "ece-data-a.example.com"),
		NewECEDataServer("ece-data-b", "ece-data-b.example.com"),
		NewECEWebServer("ece-web", "ece.example.com", "pa@example.com", paPassword, "Main_PS1_MultiChannel"),
	}
}

func TestWriteGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sampleRows()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "inventory.golden.csv")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("Write differs from %s:\n%s", golden, b.String())
	}
	back, err := Read(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, sampleRows()) {
		t.Errorf("Read(golden) gives\n%#v\nwant\n%#v", back, sampleRows())
	}
}

func TestWriteRefuses(t *testing.T) {
	tests := map[string]struct {
		row  Row
		want string
	}{
		"no name":         {Row{MachineType: pcce.TypeECE}, "bulk inventory row 1: name is empty"},
		"no type":         {Row{Name: "x"}, "x: machineType is empty"},
		"comma in a cell": {Row{Name: "x", MachineType: pcce.TypeECE, PublicAddress: "a,b"}, `x: publicAddress "a,b" holds a comma`},
		"empty key":       {Row{Name: "x", MachineType: pcce.TypeECE, ConnectionInfo: ConnectionInfo{{"", paPassword}}}, "x: connectionInfo item 1 has an empty key"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			err := Write(&b, []Row{tt.row})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), paPassword) {
				t.Errorf("error shows the password: %v", err)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %q despite the error", b.String())
			}
		})
	}
}

func TestReadVariants(t *testing.T) {
	web := NewECEWebServer("ece-web", "ece.example.com", "pa", "p&w", "MultiChannel")
	tests := map[string]struct {
		in   string
		want []Row
	}{
		"LF line ends": {
			"name,machineType,publicAddress,connectionInfo\nece-web,ECE_WEB_SERVER,ece.example.com,userName=pa&password=p%26w&applicationInstance=MultiChannel\n",
			[]Row{web},
		},
		"byte order mark and CRLF": {
			"\xEF\xBB\xBFname,machineType,publicAddress\r\nece-data-a,ECE,ece-data-a.example.com\r\n",
			[]Row{NewECEDataServer("ece-data-a", "ece-data-a.example.com")},
		},
		"reordered, case-insensitive header": {
			"ConnectionInfo,PUBLICADDRESS,machinetype,name\nuserName=pa&password=p%26w&applicationInstance=MultiChannel,ece.example.com,ECE_WEB_SERVER,ece-web\n",
			[]Row{web},
		},
		"quoted by a spreadsheet": {
			"name,machineType,publicAddress,connectionInfo\n\"ece-web\",ECE_WEB_SERVER,ece.example.com,\"userName=pa&password=p%26w&applicationInstance=MultiChannel\"\n",
			[]Row{web},
		},
		"blank lines and empty rows": {
			"name,machineType,publicAddress\n\n,,\nece-data-a,ECE,ece-data-a.example.com\n",
			[]Row{NewECEDataServer("ece-data-a", "ece-data-a.example.com")},
		},
		"header only": {"name,machineType\r\n", nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	const secret = "Zq9-secret"
	tests := map[string]struct {
		in, want string
	}{
		"empty file":          {"", "the file is empty; want a header line"},
		"unknown column":      {"name,machineType,vmHost\n", `unknown column "vmHost"`},
		"no name column":      {"machineType,publicAddress\n", "no name column"},
		"column twice":        {"name,machineType,Name\n", "column name appears twice"},
		"wrong field count":   {"name,machineType\nx,ECE,extra\n", "record on line 2: wrong number of fields"},
		"bad escape in value": {"name,machineType,connectionInfo\nx,ECE,userName=a\nweb,ECE_WEB_SERVER,password=" + secret + "%G1\n", "bulk inventory line 3: connectionInfo: item 1 (password): value: at byte 11"},
		"item without equals": {"name,machineType,connectionInfo\nweb,ECE_WEB_SERVER,userName=a&" + secret + "\n", "line 2: connectionInfo: item 2 has no '='"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the value: %v", err)
			}
		})
	}
}

func TestSameMachine(t *testing.T) {
	a := NewECEDataServer("ece-data-a", "ece-data-a.example.com")
	tests := map[string]struct {
		o    Row
		same bool
	}{
		"same row":                  {a, true},
		"address differs in case":   {NewECEDataServer("other", "ECE-DATA-A.example.com."), true},
		"name differs in case":      {NewECEDataServer("ECE-DATA-A", "new.example.com"), true},
		"other machine":             {NewECEDataServer("ece-data-b", "ece-data-b.example.com"), false},
		"same address, other type":  {NewECEWebServer("ece-data-a", "ece-data-a.example.com", "u", "p", "i"), false},
		"no address, no name match": {Row{Name: "x", MachineType: pcce.TypeECE}, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := a.SameMachine(tt.o); got != tt.same {
				t.Errorf("SameMachine = %v, want %v", got, tt.same)
			}
		})
	}
}
