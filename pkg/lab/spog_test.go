package lab

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestSpogConfig(t *testing.T) {
	l := newLab(t)
	tests := map[string]string{
		"ece-web-a": "ece-web-a.lab.example.com",
		"ece-web-b": "ece-web-b.lab.example.com",
	}
	protocol := regexp.MustCompile(`(?m)^var web_server_protocol = "([^"]*)";\r$`)
	name := regexp.MustCompile(`(?m)^var web_server_name = "([^"]*)";\r$`)
	for h, fqdn := range tests {
		t.Run(h, func(t *testing.T) {
			data := readFile(t, l.HostPath(h, SpogConfigPath))
			if !bytes.HasSuffix(data, []byte("\r\n")) {
				t.Error("no final CRLF")
			}
			if n, crlf := bytes.Count(data, []byte("\n")), bytes.Count(data, []byte("\r\n")); n != crlf || n < 20 {
				t.Errorf("%d LF, %d CRLF: want only CRLF line endings, a realistic length", n, crlf)
			}
			if !strings.HasPrefix(string(data), "/*") {
				t.Error("no header comment")
			}
			if !strings.Contains(string(data), "// var web_server_protocol = \"https\";\r\n") {
				t.Error("the commented-out https example is missing")
			}
			if m := protocol.FindAllSubmatch(data, -1); len(m) != 1 || string(m[0][1]) != "http" {
				t.Errorf("web_server_protocol assignments %q, want one, http", m)
			}
			if m := name.FindAllSubmatch(data, -1); len(m) != 1 || string(m[0][1]) != fqdn {
				t.Errorf("web_server_name assignments %q, want one, %s", m, fqdn)
			}
		})
	}
}
