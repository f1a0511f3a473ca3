package lab

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestToLocal(t *testing.T) {
	root := filepath.FromSlash("/lab/ece-web-a")
	tests := map[string]struct {
		in      string
		want    string // slash-separated, below root; empty when an error is wanted
		wantErr string // substring of the error
	}{
		"drive path":                {in: `C:\Cisco\ECE\spog_config.js`, want: "C/Cisco/ECE/spog_config.js"},
		"lower-case drive":          {in: `c:\ece\pcce\mydomain.jks`, want: "C/ece/pcce/mydomain.jks"},
		"forward slashes":           {in: `D:/Program Files/Java/cacerts`, want: "D/Program Files/Java/cacerts"},
		"mixed separators":          {in: `C:\a/b\c`, want: "C/a/b/c"},
		"doubled separators":        {in: `C:\\a\\\b`, want: "C/a/b"},
		"dot elements":              {in: `C:\a\.\b\.`, want: "C/a/b"},
		"dot-dot inside":            {in: `C:\a\b\..\c`, want: "C/a/c"},
		"drive root":                {in: `C:\`, want: "C"},
		"spaces kept":               {in: `C:\Program Files (x86)\x`, want: "C/Program Files (x86)/x"},
		"UNC":                       {in: `\\fs01\share\certs\ece.cer`, want: "UNC/fs01/share/certs/ece.cer"},
		"UNC with slashes":          {in: `//fs01/share/x`, want: "UNC/fs01/share/x"},
		"UNC share root":            {in: `\\fs01\share`, want: "UNC/fs01/share"},
		"long path prefix":          {in: `\\?\C:\x\y`, want: "C/x/y"},
		"long UNC prefix":           {in: `\\?\UNC\fs01\share\x`, want: "UNC/fs01/share/x"},
		"relative":                  {in: `Cisco\ECE\x.js`, wantErr: "not absolute"},
		"rooted without drive":      {in: `\Cisco\x.js`, wantErr: "not absolute"},
		"empty":                     {in: ``, wantErr: "not absolute"},
		"drive-relative":            {in: `C:x.js`, wantErr: "relative to the current folder"},
		"bare drive":                {in: `C:`, wantErr: "relative to the current folder"},
		"dot-dot above drive":       {in: `C:\..\etc\passwd`, wantErr: `climbs above C:\`},
		"dot-dot above after depth": {in: `C:\a\..\..\x`, wantErr: "climbs above"},
		"dot-dot above share":       {in: `\\fs01\share\..\other`, wantErr: `climbs above \\fs01\share`},
		"UNC without share":         {in: `\\fs01`, wantErr: "needs"},
		"UNC dot-dot server":        {in: `\\..\..\etc\passwd`, wantErr: "not a server or share name"},
		"UNC dot share":             {in: `\\fs01\.\x`, wantErr: "not a server or share name"},
		"UNC empty server":          {in: `\\\share\x`, wantErr: "needs"},
		"colon in a name":           {in: `C:\a\b:stream`, wantErr: "not allowed"},
		"wildcard in a name":        {in: `C:\a\*.js`, wantErr: "not allowed"},
		"control character":         {in: "C:\\a\x01b", wantErr: "not allowed"},
		"digit is not a drive":      {in: `1:\x`, wantErr: "not absolute"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ToLocal(root, tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ToLocal(%q) = %q, %v; want an error containing %q", tc.in, got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ToLocal(%q): %v", tc.in, err)
			}
			if want := filepath.Join(root, filepath.FromSlash(tc.want)); got != want {
				t.Errorf("ToLocal(%q) = %q, want %q", tc.in, got, want)
			}
		})
	}
}
