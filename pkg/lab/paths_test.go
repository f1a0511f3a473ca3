package lab

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func TestHostPath(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"spog config":         {SpogConfigPath, "C/Cisco/ECE/eService/templates/finesse/gadget/spog/spog_config.js"},
		"spaces, parentheses": {CacertsPath, "C/Program Files (x86)/OpenJDK/jre-8.0.272.10-hotspot/lib/security/cacerts"},
		"lower-case drive":    {`d:\data\x.jks`, "D/data/x.jks"},
		"forward slashes":     {`C:/ece/pcce/mydomain.jks`, "C/ece/pcce/mydomain.jks"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			want := filepath.Join("D", "hosts", "h", filepath.FromSlash(tt.want))
			if got := HostPath("D", "h", tt.in); got != want {
				t.Errorf("HostPath(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}

func TestServicePath(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"space":          {"Apache Tomcat", "Apache_Tomcat.json"},
		"kept as is":     {"Cisco.ECE_svc-1", "Cisco.ECE_svc-1.json"},
		"path and colon": {`a/b\c:d`, "a_b_c_d.json"},
		"non-ascii":      {"Serviço", "Servi_o.json"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			want := filepath.Join("D", "hosts", "h", ".lab", "services", tt.want)
			if got := ServicePath("D", "h", tt.in); got != want {
				t.Errorf("ServicePath(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}
