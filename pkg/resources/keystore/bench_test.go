package keystore

import (
	"context"
	"fmt"
	"testing"

	"github.com/ecereconcile/ecereconcile/pkg/javaks"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// BenchmarkReadPlanCacerts144 reads and plans a 144-entry JDK 8 style
// cacerts (ECDSA fillers) through the in-memory host, with one managed
// entry already present: the cost of a drift check on one ADS.
func BenchmarkReadPlanCacerts144(b *testing.B) {
	s := javaks.New(javaks.JKS)
	for i := range 144 {
		s.SetTrusted(fmt.Sprintf("testrootca%03d [jdk]", i), newCA(b, fmt.Sprintf("Test Root CA %03d", i)), testNow)
	}
	web := newCA(b, "ece.example.com")
	s.SetTrusted("ece.example.com", web, testNow)
	h := newMemHost("ads-a")
	h.files[testPath] = encode(b, s)
	r := New(config(h, "jks", false, entry("ece.example.com", web)))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		cur, err := r.Read(ctx)
		if err != nil {
			b.Fatal(err)
		}
		ch, err := r.Plan(resources.PlanInput{Current: cur, Now: testNow})
		if err != nil || ch.Action != resources.NoOp {
			b.Fatalf("plan: %v %v", ch.Action, err)
		}
	}
}
