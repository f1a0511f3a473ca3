package pcce

import (
	"net/url"
	"testing"
)

func TestServerOf(t *testing.T) {
	tests := map[string]struct{ url, want string }{
		"no port is 443":     {"https://aw1.example.com", "aw1.example.com:443"},
		"explicit port":      {"https://aw1.example.com:9443/prefix", "aw1.example.com:9443"},
		"IPv6 without port":  {"https://[fd00::1]", "[fd00::1]:443"},
		"IPv6 with port":     {"https://[fd00::1]:8443", "[fd00::1]:8443"},
		"IPv4 with port":     {"https://10.0.0.5:443", "10.0.0.5:443"},
		"host name in upper": {"https://AW1.Example.com", "AW1.Example.com:443"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := serverOf(u); got != tt.want {
				t.Errorf("serverOf(%s) = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}
