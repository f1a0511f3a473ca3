package addir

import "testing"

func TestFilter(t *testing.T) {
	tr, err := newTree(Seed(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	user := tr.login(SearchUPN)
	tests := []struct {
		filter string
		want   bool
	}{
		{"(userPrincipalName=svc-ece@example.com)", true},
		{"(userPrincipalName=SVC-ECE@Example.COM)", true},
		{"(userPrincipalName=other@example.com)", false},
		{"(userPrincipalName=*)", true},
		{"(mail=*)", false},
		{"(userPrincipalName=svc-*)", true},
		{"(userPrincipalName=*@example.com)", true},
		{"(userPrincipalName=*-ece@*)", true},
		{"(userPrincipalName=s*e*z)", false},
		{"(&(objectClass=user)(sAMAccountName=svc-ece))", true},
		{"(&(objectClass=user)(sAMAccountName=other))", false},
		{"(|(sAMAccountName=other)(sAMAccountName=svc-ece))", true},
		{"(!(objectClass=user))", false},
		{"(objectCategory=person)", true},
		{"(objectCategory=CN=Person,CN=Schema,CN=Configuration,DC=example,DC=com)", true},
		{"(objectCategory=organizationalUnit)", false},
		{"(distinguishedName=CN=svc-ece,OU=Service,DC=example,DC=com)", true},
		{"(userAccountControl>=512)", true},
		{"(userAccountControl<=511)", false},
		{"(userPrincipalName~=svc-ece@example.com)", true},
		{"(userPrincipalName:caseExactMatch:=svc-ece@example.com)", false},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			m, err := compileFilter(tt.filter)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			if got := m.match(user); got != tt.want {
				t.Errorf("match = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := compileFilter("(broken"); err == nil {
		t.Error("a broken filter compiled")
	}
}
