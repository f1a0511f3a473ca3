package plan

import (
	"strings"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func TestHooksDuringApply(t *testing.T) {
	h1, h2 := &recordingHook{}, &recordingHook{}
	w := newWorld()
	rs := specGraph(w, "a.a", "b.b")
	rs[0].(*fake).want = resources.Attrs{"k": resources.V("v")}
	w.set(addr("b.b"), nil)
	g := mustGraph(t, rs...)
	opt := Options{Hooks: MultiHook(h1, nil, h2)}
	mustApply(t, g, mustBuild(t, g, opt), opt)
	want := strings.Join([]string{
		"post-apply a.a applied ok",
		"post-apply b.b unchanged ok",
		"post-read a.a ok",
		"post-read b.b ok",
		"pre-apply a.a create",
		"pre-read a.a",
		"pre-read b.b",
	}, "\n")
	for i, h := range []*recordingHook{h1, h2} {
		if got := strings.Join(h.sorted(), "\n"); got != want {
			t.Errorf("hook %d calls:\n%s\nwant:\n%s", i+1, got, want)
		}
	}
}

func BenchmarkBuildApply(b *testing.B) {
	// 50 independent chains of 4: a wide, shallow graph like a real
	// integration (many hosts, few steps each).
	var lines []string
	for i := range 50 {
		h := "[h" + string(rune('A'+i%26)) + string(rune('a'+i/26)) + "]"
		lines = append(lines, "cert.c"+h, "bind.b"+h+": cert.c"+h, "ks.k"+h+": cert.c"+h, "svc.s"+h+" ~ ks.k"+h)
	}
	for b.Loop() {
		w := newWorld()
		rs := specGraph(w, lines...)
		for _, r := range rs {
			if f, ok := r.(*fake); ok {
				f.want = resources.Attrs{"k": resources.V("v")}
			}
		}
		g, err := NewGraph(rs)
		if err != nil {
			b.Fatal(err)
		}
		p, err := Build(b.Context(), g, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Apply(b.Context(), g, p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
