package views

import (
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/resources/ece"
)

// ticketPlan is a plan without errors, as a change ticket gets it: changes
// on several servers, an operator task of the manual ECE backend, the
// irreversible step, a warning, and values from reality full of Markdown
// (pipes, backticks, asterisks, brackets, a line break).
func ticketPlan() *plan.Plan {
	ks := addr("keystore.ads_cacerts[ads-a]")
	ece1 := addr("keystore.ece_ad_keystore[ece-app-a]")
	tomcat := addr("service.ads_tomcat[ads-a]")
	spog := addr("spog_config.spog_config[ece-web-a]")
	sso := addr("ece_partition_sso.main")
	ucce := addr("ece_ucce_integration.main")
	same := addr("keystore.ads_cacerts[ads-b]")
	manual := resources.V("manual")
	return &plan.Plan{Items: []*plan.Item{
		{Addr: ks, Change: resources.Change{Addr: ks, Action: resources.Update,
			Before:  resources.Attrs{"path": resources.V(`C:\jre|x\cacerts`)},
			After:   resources.Attrs{"path": resources.V(`C:\jre|x\cacerts`), "entry[ece.example.com]": resources.V("SHA256 AB:CD ```")},
			Reasons: []resources.Reason{{Code: "EntryMissing", Message: "alias `ece.example.com` | *missing* [see <docs>]\nsecond line"}}},
			Current: resources.State{Warnings: []string{"the same certificate is also under alias _old_"}}},
		{Addr: tomcat, Change: resources.Change{Addr: tomcat, Action: resources.Update,
			Before: resources.Attrs{"running": resources.V("true")}, After: resources.Attrs{"running": resources.V("true"), "restart": resources.V("yes")},
			Reasons: []resources.Reason{{Code: "Notified", Message: "keystore.ads_cacerts[ads-a] changed"}}}},
		{Addr: ece1, Change: resources.Change{Addr: ece1, Action: resources.Create,
			After: resources.Attrs{"path": resources.V(`C:\ece\pcce\mydomain.jks`), "password": {S: "env:ECE_KS_PASS", Sensitive: true}, "thumbprint": resources.UnknownValue()}}},
		{Addr: spog, Change: resources.Change{Addr: spog, Action: resources.Update,
			Before: resources.Attrs{"web_server_protocol": resources.V("http")},
			After:  resources.Attrs{"web_server_protocol": resources.V("https")}}},
		{Addr: sso, Change: resources.Change{Addr: sso, Action: resources.Create,
			After: resources.Attrs{ece.AttrBackend: manual, "ldap_url": resources.V("ldaps://gc.example.com:3269"),
				"password": {S: "file:secrets/sso.pass", Sensitive: true}, ece.AttrAttestation: resources.UnknownValue()},
			Reasons: []resources.Reason{{Code: ece.NotAttested, Message: "no operator has attested this configuration; it is an operator task"}}}},
		{Addr: ucce, Change: resources.Change{Addr: ucce, Action: resources.Create, Irreversible: true,
			After:   resources.Attrs{ece.AttrBackend: manual, "application instance": resources.V("MultiChannel")},
			Reasons: []resources.Reason{{Code: ece.NotAttested, Message: "no operator has attested saving the Unified CCE integration"}}}},
		{Addr: same, Current: resources.State{Warnings: []string{"certificate also present under alias old|one"}}, Change: resources.NoChange(same, resources.State{})},
	}}
}

func TestMarkdownEscaping(t *testing.T) {
	tests := map[string]struct {
		got, want string
	}{
		"text: punctuation":        {mdText("a|b `c` *d* _e_ [f](g) <h> ~i~ &j; #k \\l"), `a\|b \` + "`c\\`" + ` \*d\* \_e\_ \[f\](g) \<h\> \~i\~ \&j; \#k \\l`},
		"text: line breaks":        {mdText("one\ntwo\r\nthree"), "one two three"},
		"code: plain":              {mdCode("keystore.k[h]"), "`keystore.k[h]`"},
		"code: inner backticks":    {mdCode("a ``b`` c"), "```a ``b`` c```"},
		"code: edge backtick":      {mdCode("`x"), "`` `x ``"},
		"code: empty":              {mdCode(""), "` `"},
		"code: line break":         {mdCode("a\nb"), "`a b`"},
		"cell code: pipe escaped":  {mdCellCode("a|b"), "`a\\|b`"},
		"fence: default":           {mdFence([]string{"plain"}), "```"},
		"fence: longer than inner": {mdFence([]string{"x ```` y"}), "`````"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got  %s\nwant %s", tt.got, tt.want)
			}
		})
	}
}
