package spogjs

import "testing"

// FuzzSet checks that Set never panics and that, when it succeeds, the
// output differs from the input only inside the two value spans.
func FuzzSet(f *testing.F) {
	f.Add([]byte("var web_server_protocol = \"http\";\r\nvar web_server_name = \"a\";\r\n"), "https", "ece.example.com")
	f.Add([]byte("\ufefflet web_server_protocol='x'\nweb_server_name='y'"), "https", "")
	f.Add([]byte("/* web_server_name = \"no\" */ web_server_protocol = `x`"), "https", "n")
	f.Fuzz(func(t *testing.T, src []byte, protocol, name string) {
		values := map[string]string{NameProtocol: protocol, NameServerName: name}
		out, err := Set(src, values)
		if err != nil {
			return
		}
		checkOnlyValuesChanged(t, src, out, values)
	})
}
