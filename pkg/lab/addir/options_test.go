package addir

import (
	"strings"
	"testing"
)

func TestStartRefusesBadOptions(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"bad DN", func(o *Options) { o.Users[0].DN = "not a DN" }, `user 0: bad DN "not a DN"`},
		{"user outside the forest", func(o *Options) { o.Users[0].DN = "CN=x,DC=other,DC=org" }, "not in any domain of the forest"},
		{"user without a logon name", func(o *Options) { o.Users[0].UPN, o.Users[0].SAMAccountName = "", "" }, "needs a UPN or a sAMAccountName"},
		{"the same DN twice", func(o *Options) { o.Users[1].DN = o.Users[0].DN }, "DN given twice"},
		{"bad domain", func(o *Options) { o.Domains = []string{"example..com"} }, "is not a DNS name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Seed(testPassword)
			tt.edit(&o)
			d, err := Start(o)
			if err == nil {
				d.Stop()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "addir: ") {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), testPassword) {
				t.Error("the error holds the password")
			}
		})
	}
}

func TestTreeContainers(t *testing.T) {
	tr, err := newTree(Seed(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	var dns []string
	for _, e := range tr.entries {
		if e.user == nil {
			dns = append(dns, e.dn)
		}
	}
	want := "DC=example,DC=com|DC=emea,DC=example,DC=com|OU=Service,DC=example,DC=com|CN=Users,DC=example,DC=com|CN=Users,DC=emea,DC=example,DC=com"
	if got := strings.Join(dns, "|"); got != want {
		t.Errorf("containers\n got %s\nwant %s", got, want)
	}
	if got := escapeDNValue(`a,b+c "d" #e `); got != `a\,b\+c \"d\" #e\ ` {
		t.Errorf("escape: %s", got)
	}
}
