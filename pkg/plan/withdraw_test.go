package plan

import (
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// A subscribed resource whose Apply fails leaves a pending notification
// only if it changed something: a failure before any write must not cause
// a restart on the next run.
func TestFailedApplyWithdrawsNotificationOnlyWhenUntouched(t *testing.T) {
	tests := map[string]struct {
		untouched, halfWritten error
		wantPending            bool
	}{
		"failed before writing": {untouched: errBoom, wantPending: false},
		"failed after writing":  {halfWritten: errBoom, wantPending: true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			w := newWorld()
			store := &fake{w: w, addr: addr("ks.cacerts[ads-a]"), want: resources.Attrs{"e": resources.V("1")},
				applyErr: tt.untouched, failAfterWrite: tt.halfWritten}
			svc := fakeSub{fake: &fake{w: w, addr: addr("svc.tomcat[ads-a]"), service: true}, subs: addrs("ks.cacerts[ads-a]")}
			g := mustGraph(t, store, svc)
			j, err := OpenFileJournal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Journal: j, Now: fixedClock()}
			r := mustApply(t, g, mustBuild(t, g, opt), opt)
			if got := statuses(r); got != "ks.cacerts[ads-a]=failed svc.tomcat[ads-a]=skipped" {
				t.Fatalf("statuses %s", got)
			}
			pend, err := j.Pending()
			if err != nil {
				t.Fatal(err)
			}
			if got := len(pend[svc.addr]) == 1; got != tt.wantPending {
				t.Errorf("pending %v, want pending=%v", pend, tt.wantPending)
			}
		})
	}
}

func TestForgetKeepsAnOlderNotification(t *testing.T) {
	j := NewMemJournal()
	sub, from := addr("svc.s[h]"), addr("ks.k[h]")
	clock := fixedClock()
	older := resources.Trigger{From: from, Since: clock()}
	newer := resources.Trigger{From: from, Since: clock().Add(1)}
	if err := j.Record(sub, older); err != nil {
		t.Fatal(err)
	}
	_ = j.Record(sub, newer) // de-duplicated: the older one stays
	_ = j.Forget(sub, newer)
	if pend, _ := j.Pending(); len(pend[sub]) != 1 || !pend[sub][0].Since.Equal(older.Since) {
		t.Errorf("forgetting the newer notification dropped the older one: %v", pend)
	}
	_ = j.Forget(sub, older)
	if pend, _ := j.Pending(); len(pend) != 0 {
		t.Errorf("not forgotten: %v", pend)
	}
}
