package ldapverify

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/go-ldap/ldap/v3"
)

// attrName is an attribute description: a descriptor or a numeric OID.
var attrName = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)+)$`)

// maxShownReferrals bounds how many referral URLs a Detail lists.
const maxShownReferrals = 3

// search looks the test user up as ECE does: (DNAttribute=TestUser),
// subtree, from BaseDN.
func (v *verifier) search(ctx context.Context) (string, *failure) {
	attr := v.cfg.DNAttribute
	if !attrName.MatchString(attr) {
		return "", fail(InvalidConfig, nil, "DN attribute %q is not an attribute name", attr)
	}
	filter := "(" + attr + "=*)"
	limit := 1
	if v.cfg.TestUser != "" {
		filter = "(" + attr + "=" + ldap.EscapeFilter(v.cfg.TestUser) + ")"
		limit = 2
	}
	secs := int(v.cfg.Timeout.Seconds())
	if secs < 1 {
		secs = 1
	}
	req := ldap.NewSearchRequest(v.cfg.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases,
		limit, secs, false, filter, []string{attr}, nil)
	res, err := v.ldap.Search(req)
	where := fmt.Sprintf("%s under base %q", filter, v.cfg.BaseDN)
	if err != nil && !(ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded) && res != nil && len(res.Entries) > 0) {
		f := classify(ctx, err)
		f.detail = "search " + where + ": " + f.detail
		return "", f
	}
	if len(res.Referrals) > 0 {
		found := "no entry came back"
		if len(res.Entries) > 0 {
			found = "the entry was found"
		}
		return "", fail(Referral, nil, "search %s returned %d continuation reference(s) (%s); %s, but ECE's Java client stops on them",
			where, len(res.Referrals), shortList(res.Referrals), found)
	}
	switch {
	case len(res.Entries) == 0 && v.cfg.TestUser == "":
		return "", fail(UserNotFound, nil, "search %s: no entry has the attribute %s", where, attr)
	case len(res.Entries) == 0:
		return "", fail(UserNotFound, nil, "search %s: no entry found", where)
	case len(res.Entries) > 1 && v.cfg.TestUser != "":
		return "", fail(Other, nil, "search %s: %d entries match; ECE needs exactly one", where, len(res.Entries))
	}
	return fmt.Sprintf("found %q with %s", res.Entries[0].DN, filter), nil
}

// shortList joins the first few items of list.
func shortList(list []string) string {
	if len(list) <= maxShownReferrals {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:maxShownReferrals], ", ") + fmt.Sprintf(" and %d more", len(list)-maxShownReferrals)
}
