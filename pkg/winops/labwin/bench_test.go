package labwin

import (
	"context"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// BenchmarkSetSiteBinding toggles SNI on server B's https binding: parse,
// edit, self-check, backup and atomic replace per iteration.
func BenchmarkSetSiteBinding(b *testing.B) {
	root := b.TempDir()
	if err := SeedIIS(root, seedB); err != nil {
		b.Fatal(err)
	}
	now := t0
	o := New(root, WithClock(func() time.Time { now = now.Add(time.Second); return now }))
	on, off := seedB[1], winops.Binding{Protocol: "https", Information: "*:443:ece.example.com"}
	for i := 0; b.Loop(); i++ {
		from, to := on, off
		if i%2 == 1 {
			from, to = off, on
		}
		if err := o.SetSiteBinding(context.Background(), winops.DefaultSite, &from, to); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSite(b *testing.B) {
	root := b.TempDir()
	if err := SeedIIS(root, seedB); err != nil {
		b.Fatal(err)
	}
	o := New(root)
	for b.Loop() {
		if _, err := o.Site(context.Background(), winops.DefaultSite); err != nil {
			b.Fatal(err)
		}
	}
}
